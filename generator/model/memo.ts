/**
 * A pure string function that remembers its answers (of a text, or of any JSON scalar). A large spec says the same things many times (the
 * same names, field descriptions and notations on every operation that has the field), and the
 * escapers and case conversions run a handful of regular expressions over each, mostly on texts seen
 * before. The memory is bounded (emptied when full), so a long watch session does not grow with every
 * text it ever saw. Only for functions whose answer depends on the text alone and is a string
 * (immutable, so sharing one answer between callers is safe).
 */
export function remembered<T extends string | number | boolean | null = string>(fn: (text: T) => string, limit = 50_000): (text: T) => string {
  const known = new Map<T, string>();
  return (text) => {
    let result = known.get(text);
    if (result === undefined) {
      result = fn(text);
      rememberBounded(known, text, result, limit);
    }
    return result;
  };
}

/** Sets `key` in a memory bounded as `remembered`'s is: emptied when it holds `limit` entries. */
export function rememberBounded<K, V>(memory: Map<K, V>, key: K, value: V, limit: number): void {
  if (memory.size >= limit) memory.clear();
  memory.set(key, value);
}
