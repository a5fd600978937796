/**
 * The bench's clock. The whole bench must end within a budget (default 570 s), so each phase ends at
 * a fixed share of it and each item of a phase gets a share of what is left of its phase: time an item
 * does not use rolls over to the items after it. An item that would not fit is skipped or killed at
 * its cap, and the report says so.
 */
export class Budget {
  readonly startedAt = performance.now();
  constructor(readonly totalMs: number) {}

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Absolute deadline (performance.now() clock) at `fraction` of the budget. */
  at(fraction: number): number {
    return this.startedAt + this.totalMs * fraction;
  }
}

export class Phase {
  private readonly weights: number[];
  constructor(
    readonly name: string,
    private readonly endsAt: number,
    weights: Record<string, number>,
    private readonly order: string[] = Object.keys(weights),
  ) {
    this.weights = this.order.map((k) => weights[k] ?? 0);
  }

  leftMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /** Milliseconds allotted to item `key`: its weight's share of what is left of the phase. Ask for items in order. */
  allot(key: string): number {
    const i = this.order.indexOf(key);
    if (i < 0) throw new Error(`no item '${key}' in phase ${this.name}`);
    const rest = this.weights.slice(i).reduce((a, b) => a + b, 0);
    return rest === 0 ? 0 : (this.leftMs() * this.weights[i]!) / rest;
  }
}
