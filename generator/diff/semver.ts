/**
 * The version a change list calls for: major for any breaking change, minor for additions and other
 * compatible changes, patch for prose only, none when nothing changed; and whether the head's own
 * `version` is at least that.
 *
 * Versions are `MAJOR.MINOR` (as some APIs number theirs, `2.15`) or `MAJOR.MINOR.PATCH`, with
 * an optional leading `v`. A two-part version has no patch level, so prose-only changes need no new
 * version there. Anything else (`2024-01-01`, `1.0.0-beta`) cannot be judged.
 */
import type { Change } from "./catalog.ts";

export type Bump = "major" | "minor" | "patch" | "none";

export interface SemverVerdict {
  /** The base spec's `version`. */
  base: string;
  /** The version the changes call for (the base itself when none is needed); null when the base is not judgeable. */
  next: string | null;
  /** The head spec's `version`. */
  headVersion: string;
  /** Whether `headVersion` is at least `next`; null when either version cannot be judged. */
  bumpedEnough: boolean | null;
  bump: Bump;
  /** Why a judgement could not be made, when it could not. */
  note?: string;
}

interface Version {
  prefix: string;
  parts: number[];
}

function parse(v: string): Version | undefined {
  const m = /^(v?)(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?$/.exec(v.trim());
  if (!m) return undefined;
  return { prefix: m[1]!, parts: [m[2], m[3], m[4]].filter((p) => p !== undefined).map(Number) };
}

export function bumpFor(changes: readonly Pick<Change, "severity">[]): Bump {
  if (changes.some((c) => c.severity === "breaking")) return "major";
  if (changes.some((c) => c.severity === "non-breaking")) return "minor";
  if (changes.length > 0) return "patch";
  return "none";
}

export function nextVersion(base: string, bump: Bump): string | undefined {
  const v = parse(base);
  if (!v) return undefined;
  const [major, minor, patch] = v.parts as [number, number, number | undefined];
  const three = patch !== undefined;
  const make = (...p: number[]) => `${v.prefix}${p.join(".")}`;
  switch (bump) {
    case "major":
      return three ? make(major + 1, 0, 0) : make(major + 1, 0);
    case "minor":
      return three ? make(major, minor + 1, 0) : make(major, minor + 1);
    case "patch":
      return three ? make(major, minor, patch + 1) : base.trim();
    case "none":
      return base.trim();
  }
}

/** -1, 0 or 1; a missing part counts as 0 (`2.15` = `2.15.0`). */
function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function judgeVersions(base: string, head: string, changes: readonly Pick<Change, "severity">[]): SemverVerdict {
  const bump = bumpFor(changes);
  const next = nextVersion(base, bump);
  if (next === undefined)
    return { base, next: null, headVersion: head, bumpedEnough: null, bump, note: `the base version '${base}' is not MAJOR.MINOR or MAJOR.MINOR.PATCH, so no next version can be named` };
  const h = parse(head);
  if (!h) return { base, next, headVersion: head, bumpedEnough: null, bump, note: `the head version '${head}' is not MAJOR.MINOR or MAJOR.MINOR.PATCH, so it cannot be compared` };
  return { base, next, headVersion: head, bumpedEnough: compare(h, parse(next)!) >= 0, bump };
}
