/**
 * A long text (tens of MB for a large spec) built from many short pieces. The pieces are joined into
 * blocks of 256K characters as they come, and the text is handed on as its blocks (model/text-parts.ts),
 * never joined whole on the way to the disk: a piece then dies
 * in the young generation, where freeing it costs nothing, instead of living until the whole text is joined
 * (when the garbage collector has copied it twice and moved it to the old generation, which then grows
 * by the size of the text); a block is too large for the young generation and is never copied.
 */
const BLOCK_LENGTH = 1 << 18;

export class TextBlocks {
  readonly #blocks: string[] = [];
  #pieces: string[] = [];
  #piecesLength = 0;

  push(piece: string): void {
    this.#pieces.push(piece);
    this.#piecesLength += piece.length;
    if (this.#piecesLength >= BLOCK_LENGTH) this.#endBlock();
  }

  /** Everything pushed, as its blocks: the text without the copy that joining them makes (model/text-parts.ts). */
  blocks(): string[] {
    this.#endBlock();
    return this.#blocks;
  }

  #endBlock(): void {
    if (this.#pieces.length > 0) this.#blocks.push(this.#pieces.join(""));
    this.#pieces = [];
    this.#piecesLength = 0;
  }
}
