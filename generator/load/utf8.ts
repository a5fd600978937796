/**
 * Strict UTF-8 decoding for spec files: invalid bytes are an error with a position, never silently
 * replaced by U+FFFD (which would then travel into the generated client, OpenAPI and docs).
 */

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

export type Decoded =
  | { ok: true; text: string }
  /** `text` is the lossy decoding (for the code frame); line and col are 1-based, col in UTF-16 units like yaml's. */
  | { ok: false; text: string; offset: number; line: number; col: number; byte: number };

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    // fall through: find where
  }
  const offset = firstInvalidByte(bytes) ?? 0;
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  // Everything before `offset` is valid, so the strict decoder reads it.
  const col = strict.decode(bytes.subarray(lineStart, offset)).length + 1;
  return { ok: false, text: lossy.decode(bytes), offset, line, col, byte: bytes[offset] ?? 0 };
}

/** The offset of the first byte that starts a malformed sequence (RFC 3629), or undefined when all is valid. */
export function firstInvalidByte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return undefined;
}

/** Length of the well-formed sequence at `i`, or 0 when it is malformed. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => {
    const b = bytes[i + j];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (b0 >= 0xe1 && b0 <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
