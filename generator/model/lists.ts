/**
 * The model's lists are built here, one way, so that every list of one kind has one hidden class.
 * `Array.prototype.map` does not promise that: V8's optimised `map` returns a "holey" array, its
 * unoptimised one a packed array, so the lists built before `buildModel`'s callbacks were optimised and
 * those built after had different classes; every emitter's optimised code looping over operations'
 * inputs or a type's fields met the second class partway through a large spec, and deoptimised there.
 * Pushing onto one `[]` always gives packed arrays, and V8 then creates that literal's arrays with room
 * for objects from the start, so empty lists share the class too.
 */
export function mapPacked<T, U>(items: Iterable<T>, fn: (item: T) => U): U[] {
  const out: U[] = [];
  for (const item of items) out.push(fn(item));
  return out;
}

/** An empty list of the same class as mapPacked's. */
export function emptyList<T>(): T[] {
  return mapPacked<T, T>([], (item) => item);
}
