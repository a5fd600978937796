/**
 * Spec file names in the model are what diagnostics show: relative to where the run started. What is
 * generated must not depend on that (a `--check` from another folder would see every header stale), so
 * the pipeline hands emitters a model whose file names start at the spec folder's own name: buildModel
 * records each file under the name this gives it.
 */
export function rebasedFileName(from: string, to: string): (file: string) => string {
  if (from === to) return (file) => file;
  const prefix = `${from}/`;
  return (file) => (file.startsWith(prefix) ? `${to}/${file.slice(prefix.length)}` : file);
}
