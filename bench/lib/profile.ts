/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and sums it up three ways: self time by package
 * (prettier, yaml, typescript, …), the hottest functions by self time, and the inclusive time of
 * the generator's own functions (which stage the time is spent under).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  byPackage: [string, number][];
  topSelf: [string, number][];
  generatorInclusive: [string, number][];
}

function where(url: string): string {
  if (!url) return "";
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const gen = file.indexOf("/generator/");
  if (gen >= 0) return file.slice(gen + 1);
  // The compiled toolchain (dist/, the `opspec` bin).
  const dist = file.lastIndexOf("/dist/");
  if (dist >= 0) return file.slice(dist + 1);
  if (file.startsWith("node:")) return "node (built-in modules)";
  const wasm = /^wasm:\/\/wasm\/(.*?)(-[0-9a-f]{8})?$/.exec(url) ?? /^(.*\.wasm)-[0-9a-f]{8}$/.exec(file);
  if (wasm) return `${wasm[1]} (WebAssembly)`;
  return path.basename(file);
}

function packageOf(frame: CallFrame): string {
  if (!frame.url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  const w = where(frame.url);
  return w.startsWith("generator/") || w.startsWith("dist/") ? "generator (ours)" : w;
}

/** `_ZN11dprint_core10formatting7printer7Printer5print17h…E` → `dprint_core::formatting::printer::Printer::print` (Rust in WebAssembly). */
function demangle(name: string): string {
  const m = /^_ZN(.*)E(\..*)?$/.exec(name);
  if (!m) return name;
  const parts: string[] = [];
  let rest = m[1]!;
  while (rest.length > 0) {
    const len = /^(\d+)/.exec(rest);
    if (!len) break;
    const n = Number(len[1]);
    const part = rest.slice(len[1]!.length, len[1]!.length + n);
    rest = rest.slice(len[1]!.length + n);
    if (!/^h[0-9a-f]{16}$/.test(part)) parts.push(part.replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$u20\$/g, " ").replace(/\.\./g, "::"));
  }
  return parts.length ? parts.join("::") : name;
}

function label(frame: CallFrame): string {
  const w = where(frame.url);
  const name = demangle(frame.functionName) || "(anonymous)";
  return w ? `${name} (${w}:${frame.lineNumber + 1})` : name;
}

export async function summarizeProfile(dirOrFile: string, top = 15): Promise<ProfileSummary> {
  let file = dirOrFile;
  if ((await stat(dirOrFile)).isDirectory()) {
    // One file per thread; the main thread's is the largest.
    const files = (await readdir(dirOrFile)).filter((f) => f.endsWith(".cpuprofile"));
    const sized = await Promise.all(files.map(async (f) => ({ f, size: (await stat(path.join(dirOrFile, f))).size })));
    sized.sort((a, b) => b.size - a.size);
    if (!sized[0]) throw new Error(`no .cpuprofile in ${dirOrFile}`);
    file = path.join(dirOrFile, sized[0].f);
  }
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

  const byPackage = new Map<string, number>();
  const bySelf = new Map<string, number>();
  for (const [id, t] of self) {
    const frame = byId.get(id)!.callFrame;
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + t);
    bySelf.set(label(frame), (bySelf.get(label(frame)) ?? 0) + t);
  }

  // Inclusive time of each generator function, counted once per stack (no double counting of recursion).
  const subtotal = new Map<number, number>();
  const total = (id: number): number => {
    const known = subtotal.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const t = (self.get(id) ?? 0) + (node.children ?? []).reduce((a, c) => a + total(c), 0);
    subtotal.set(id, t);
    return t;
  };
  const inclusive = new Map<string, number>();
  const root = profile.nodes[0]!;
  const walk = (id: number, onStack: Set<string>) => {
    const node = byId.get(id)!;
    const isOurs = /^(generator|dist)\//.test(where(node.callFrame.url)) && node.callFrame.functionName !== "";
    const key = label(node.callFrame);
    const counted = isOurs && !onStack.has(key);
    if (counted) {
      inclusive.set(key, (inclusive.get(key) ?? 0) + total(id));
      onStack.add(key);
    }
    for (const c of node.children ?? []) walk(c, onStack);
    if (counted) onStack.delete(key);
  };
  walk(root.id, new Set());

  const sorted = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return {
    file,
    totalMs: (profile.endTime - profile.startTime) / 1000,
    byPackage: sorted(byPackage, 12),
    topSelf: sorted(bySelf, top),
    generatorInclusive: sorted(inclusive, top),
  };
}

// `node --import tsx bench/lib/profile.ts DIR_OR_FILE`: print the summary as Markdown.
if (process.argv[1]?.endsWith("lib/profile.ts")) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write("usage: node --import tsx bench/lib/profile.ts PROFILE_DIR_OR_FILE\n");
    process.exit(2);
  }
  const { profileMarkdown } = await import("./report.ts");
  process.stdout.write(profileMarkdown(await summarizeProfile(target)));
}
