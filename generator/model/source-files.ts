/**
 * Spec file names in the model are what diagnostics show: relative to where the run started. What is
 * generated must not depend on that (a `--check` from another folder would see every header stale), so
 * the pipeline hands emitters a model whose file names start at the spec folder's own name.
 */
import type { ApiModel } from "./types.ts";

export function rebaseSourceFiles(model: ApiModel, from: string, to: string): ApiModel {
  if (from === to) return model;
  const prefix = `${from}/`;
  const rebase = (file: string): string => (file.startsWith(prefix) ? `${to}/${file.slice(prefix.length)}` : file);
  return {
    ...model,
    resources: model.resources.map((r) => ({ ...r, file: rebase(r.file), operations: r.operations.map((op) => ({ ...op, file: rebase(op.file) })) })),
    types: model.types.map((t) => ({ ...t, file: rebase(t.file) })),
    sources: model.sources.map(rebase),
  };
}
