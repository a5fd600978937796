/**
 * The docs site's sidebar, generated from the generated pages themselves (not from the spec, so the
 * site shows exactly what the Markdown emitter wrote): the overview, one collapsible group per
 * resource page in the order the index's Resources table lists them, holding a link to each operation
 * section (found by its `<a id="op-…">` anchor and `## resource.operation` heading), then the shared
 * types page. Pages the index does not list are appended in name order, so nothing is left out.
 */
import fs from "node:fs";
import path from "node:path";

export interface SidebarLink {
  text: string;
  link: string;
}

export interface SidebarGroup extends SidebarLink {
  collapsed?: boolean;
  items: SidebarLink[];
}

export type SidebarItem = SidebarLink | SidebarGroup;

/** `./admins.md` → `/admins` (the site uses clean URLs). */
function route(file: string): string {
  const name = file.replace(/^\.\//, "").replace(/\.md$/, "");
  return name === "index" ? "/" : `/${name}`;
}

function title(markdown: string, fallback: string): string {
  return /^# (.+)$/m.exec(markdown)?.[1]?.trim() ?? fallback;
}

/** The resource pages in the index's Resources table order. */
function resourcePages(index: string): string[] {
  const section = index.split(/^## /m).find((s) => s.startsWith("Resources\n")) ?? "";
  return [...section.matchAll(/^\|\s*\[[^\]]+\]\(\.\/([^)#]+\.md)\)/gm)].map((m) => m[1]!);
}

/** Operation sections of a page: an `<a id="op-…"></a>` anchor followed by its `## ` heading. */
function operationLinks(markdown: string, page: string): SidebarLink[] {
  return [...markdown.matchAll(/^<a id="(op-[^"]+)"><\/a>\s*\n+## (.+)$/gm)].map((m) => ({
    text: m[2]!.trim(),
    link: `${route(page)}#${m[1]!}`,
  }));
}

export function buildSidebar(docsDir: string): SidebarItem[] {
  const read = (file: string) => fs.readFileSync(path.join(docsDir, file), "utf8");
  const all = fs
    .readdirSync(docsDir)
    .filter((f) => f.endsWith(".md"))
    .sort();
  if (!all.includes("index.md"))
    throw new Error(`docs site: ${docsDir} has no index.md (run npm run generate)`);
  const index = read("index.md");
  const listed = resourcePages(index).filter((f) => all.includes(f));
  const rest = all.filter((f) => f !== "index.md" && f !== "types.md" && !listed.includes(f));

  const items: SidebarItem[] = [{ text: "Overview", link: "/" }];
  for (const page of [...listed, ...rest]) {
    const markdown = read(page);
    const ops = operationLinks(markdown, page);
    const text = title(markdown, page.replace(/\.md$/, ""));
    items.push(
      ops.length ? { text, link: route(page), collapsed: true, items: ops } : { text, link: route(page) },
    );
  }
  if (all.includes("types.md"))
    items.push({ text: title(read("types.md"), "Types"), link: route("types.md") });
  return items;
}

/** The site title: the index page's heading. */
export function siteTitle(docsDir: string): string {
  return title(fs.readFileSync(path.join(docsDir, "index.md"), "utf8"), "API reference");
}
