/**
 * The docs site, looked at in a real browser. The Markdown emitter's current output is written to
 * test-output/, built once with VitePress (docs-site/ config and theme), served from 127.0.0.1 by a
 * tiny static server, and every page is opened in headless Chromium: headings, risk badges, tables,
 * the generated sidebar and local search must render, and every link to our own origin — page and
 * `#fragment` — must resolve. A screenshot of each page is saved under test-output/screenshots/.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdownEmitter } from "../generator/emit/markdown.ts";
import type { ApiModel, OperationModel, ResourceModel } from "../generator/model/types.ts";
import { formatFiles } from "../generator/write/format.ts";
import { buildSidebar, type SidebarGroup } from "../docs-site/.vitepress/sidebar.ts";
import { loadModel, ROOT } from "./helpers/spec.ts";

const OUT = path.join(ROOT, "test-output");
const SRC = path.join(OUT, "docs-site-src");
const DIST = path.join(OUT, "docs-site-dist");
const SHOTS = path.join(OUT, "screenshots");
const CHROMIUM = "/usr/bin/chromium";
const SHOT_HEIGHT = 4000;
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".png": "image/png",
};

/** A static server for the built site, with VitePress's clean URLs (`/admins` → `admins.html`). */
function serve(dir: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const candidates = pathname.endsWith("/") ? [`${pathname}index.html`] : [pathname, `${pathname}.html`];
    for (const candidate of candidates) {
      const file = path.join(dir, candidate);
      if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
      res.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(fs.readFileSync(file));
      return;
    }
    res.writeHead(404, { "content-type": CONTENT_TYPES[".html"]! });
    res.end(
      fs.existsSync(path.join(dir, "404.html")) ? fs.readFileSync(path.join(dir, "404.html")) : "not found",
    );
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** `/admins.html`, `/admins`, `/index.html`, `/` → one key per page. */
function pageKey(pathname: string): string {
  const p = pathname.replace(/\.html$/, "").replace(/\/index$/, "/");
  return p === "" ? "/" : p;
}

interface Seen {
  ids: Set<string>;
  /** Every `<a href>` on the page, absolute. */
  links: string[];
}

interface Section {
  id: string;
  heading: string;
  badges: string[];
  tables: { header: string[]; rows: number }[];
  warning: boolean;
}

describe("docs site in Chromium", () => {
  let model: ApiModel;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  const seen = new Map<string, Seen>();
  const pageErrors: string[] = [];
  const statusCache = new Map<string, number>();

  const resourcePages = () => model.resources.map((r) => ({ route: `/${r.slug}`, resource: r }));

  async function open(route: string): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(`${route}: ${e.message}`));
    const response = await page.goto(base + route, { waitUntil: "load" });
    expect(response?.status(), `${route} status`).toBe(200);
    await page.locator(".vp-doc h1").first().waitFor({ state: "visible" });
    const info = await page.evaluate(() => ({
      ids: Array.from(document.querySelectorAll("[id]")).map((e) => e.id),
      links: Array.from(document.querySelectorAll("a[href]")).map((a) => (a as HTMLAnchorElement).href),
    }));
    seen.set(pageKey(new URL(page.url()).pathname), { ids: new Set(info.ids), links: info.links });
    return page;
  }

  async function status(url: string): Promise<number> {
    const key = new URL(url).pathname;
    if (!statusCache.has(key)) statusCache.set(key, (await fetch(base + key)).status);
    return statusCache.get(key)!;
  }

  /**
   * Saves `<name>.png`: the page from the top, at most SHOT_HEIGHT pixels (a full-page capture of the
   * longest pages takes over ten seconds each), and for pages with destructive operations
   * `<name>-destructive.png`, the viewport at the first one.
   */
  async function screenshot(page: Page, name: string): Promise<void> {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({
      path: path.join(SHOTS, `${name}.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.min(height, SHOT_HEIGHT) },
    });
    const first = page.locator(".vp-doc h2 ~ p .risk-destructive").first();
    if ((await first.count()) > 0) {
      await first.evaluate((el) => {
        const heading = el.closest("p")?.previousElementSibling?.previousElementSibling ?? el;
        window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 80);
      });
      await page.screenshot({ path: path.join(SHOTS, `${name}-destructive.png`) });
    }
  }

  /** The operation sections of a resource page, read from the rendered DOM. */
  function sections(page: Page): Promise<Section[]> {
    return page.evaluate(() => {
      const anchors = Array.from(document.querySelectorAll<HTMLElement>('.vp-doc a[id^="op-"]'));
      return anchors.map((a) => {
        const start = a.closest("p") ?? a;
        const out = {
          id: a.id,
          heading: "",
          badges: [] as string[],
          tables: [] as { header: string[]; rows: number }[],
          warning: false,
        };
        for (let el: Element | null = start.nextElementSibling; el; el = el.nextElementSibling) {
          if (el.querySelector('a[id^="op-"]') || (el.tagName === "H2" && out.heading)) break;
          if (el.tagName === "H2") out.heading = (el.textContent ?? "").replace(/\u200b/g, "").trim();
          if (el.tagName === "P") el.querySelectorAll(".risk").forEach((b) => out.badges.push(b.className));
          if (el.matches(".custom-block.warning")) out.warning = true;
          if (el.tagName === "TABLE")
            out.tables.push({
              header: Array.from(el.querySelectorAll("thead th")).map((th) => (th.textContent ?? "").trim()),
              rows: el.querySelectorAll("tbody tr").length,
            });
        }
        return out;
      });
    });
  }

  beforeAll(async () => {
    model = await loadModel();
    const files = await formatFiles(await markdownEmitter.emit(model));
    fs.rmSync(SRC, { recursive: true, force: true });
    for (const f of files) {
      const target = path.join(SRC, path.posix.relative("docs", f.path));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.contents);
    }
    fs.rmSync(DIST, { recursive: true, force: true });
    const vitepress = path.join(ROOT, "node_modules/vitepress/bin/vitepress.js");
    await run(process.execPath, [vitepress, "build", "docs-site", "--outDir", DIST], {
      ...process.env,
      OPSPEC_DOCS_DIR: SRC,
    });
    server = await serve(DIST);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 170_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("builds a sidebar from the generated pages: overview, each resource with its operations, shared types", () => {
    const sidebar = buildSidebar(SRC);
    expect(sidebar.map((i) => i.text)).toEqual([
      "Overview",
      ...model.resources.map((r) => r.title),
      "Shared types",
    ]);
    for (const resource of model.resources) {
      const group = sidebar.find((i) => i.text === resource.title) as SidebarGroup;
      expect(group.link).toBe(`/${resource.slug}`);
      expect(group.items.map((i) => i.text)).toEqual(resource.operations.map((o) => o.fullName));
      expect(group.items.every((i) => i.link.startsWith(`/${resource.slug}#op-`))).toBe(true);
    }
  });

  it("renders the index: every operation in one table with its risk badge", async () => {
    const page = await open("/");
    await expect(page.locator(".vp-doc h1").textContent()).resolves.toContain(model.title);
    const all = model.resources.flatMap((r) => r.operations);
    const opsTable = page.locator(".vp-doc table", { has: page.locator("th", { hasText: /^Operation$/ }) });
    await expect(opsTable.locator("tbody tr").count()).resolves.toBe(all.length);
    const rows = await opsTable.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => ({
        name: tr.querySelector("td a")?.textContent,
        risk: tr.querySelector(".risk")?.className,
      })),
    );
    expect(rows).toEqual(all.map((op) => ({ name: op.fullName, risk: `risk risk-${op.risk}` })));
    const resourceLinks = page
      .locator(".vp-doc table", { has: page.locator("th", { hasText: /^Resource$/ }) })
      .locator("tbody a");
    await expect(resourceLinks.allTextContents()).resolves.toEqual(model.resources.map((r) => r.title));
    await screenshot(page, "index");
    await page.close();
  });

  it("renders each resource page: one heading per operation, risk badges, warnings and tables", async () => {
    // The pages are independent: check them side by side in separate tabs.
    await Promise.all(resourcePages().map(({ route, resource }) => checkResourcePage(route, resource)));
  }, 90_000);

  async function checkResourcePage(route: string, resource: ResourceModel): Promise<void> {
    const page = await open(route);
    await expect(page.locator(".vp-doc h1").textContent()).resolves.toContain(resource.title);
    const found = await sections(page);
    expect(
      found.map((s) => s.heading),
      route,
    ).toEqual(resource.operations.map((o) => o.fullName));
    for (const [i, op] of resource.operations.entries()) checkSection(route, op, found[i]!);

    // Destructive badges must be visible and red; every operation heading is visible.
    const destructive = resource.operations.filter((o) => o.risk === "destructive").length;
    const badges = page.locator(".vp-doc h2 ~ p .risk-destructive");
    await expect(badges.count(), `${route} destructive badges`).resolves.toBe(destructive);
    for (const badge of await badges.all()) {
      await expect(badge.isVisible()).resolves.toBe(true);
      const style = await badge.evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(style, `${route} destructive badge colour`).toBe("rgb(198, 40, 40)");
    }
    await expect(page.locator(".vp-doc .custom-block.warning").count()).resolves.toBe(destructive);
    for (const heading of await page.locator(".vp-doc h2").all())
      await expect(heading.isVisible()).resolves.toBe(true);

    // The generated sidebar lists this resource's operations.
    const sidebarOps = page.locator(`.VPSidebar a[href^="/${resource.slug}#op-"]`);
    await expect(sidebarOps.count()).resolves.toBe(resource.operations.length);

    await screenshot(page, resource.slug);
    await page.close();
  }

  function checkSection(route: string, op: OperationModel, section: Section) {
    const where = `${route} ${op.fullName}`;
    expect(section.id, where).toMatch(/^op-/);
    expect(section.badges, `${where} badge`).toEqual([`risk risk-${op.risk}`]);
    expect(section.warning, `${where} warning callout`).toBe(op.risk === "destructive");
    const expected = [
      ...(op.input.length ? [op.input.length] : []),
      ...(op.output.fields.length ? [op.output.fields.length] : []),
    ];
    expect(
      section.tables.map((t) => t.rows),
      `${where} tables`,
    ).toEqual(expected);
    for (const t of section.tables)
      expect(t.header, where).toEqual(["Name", "Type", "Required", "Description"]);
  }

  it("renders the shared types page", async () => {
    const page = await open("/types");
    const typeAnchors = await page.locator('.vp-doc a[id^="type-"]').count();
    expect(typeAnchors).toBeGreaterThan(0);
    await expect(page.locator(".vp-doc table").count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "types");
    await page.close();
  });

  it("resolves every internal link and #fragment on every page", async () => {
    // The pages are opened by the tests above; open any that a link targets and none has opened yet.
    for (const route of ["/", ...resourcePages().map((p) => p.route), "/types"])
      if (!seen.has(route)) await (await open(route)).close();
    let checked = 0;
    let fragments = 0;
    for (const [from, { links }] of [...seen.entries()]) {
      for (const href of links) {
        const url = new URL(href);
        if (url.origin !== base) continue;
        checked++;
        expect(await status(href), `${from} → ${href}`).toBe(200);
        if (!url.hash || url.hash === "#") continue;
        const key = pageKey(url.pathname);
        if (!seen.has(key)) await (await open(key)).close();
        fragments++;
        expect(
          seen.get(key)!.ids.has(decodeURIComponent(url.hash.slice(1))),
          `${from} → ${href}: no element with that id`,
        ).toBe(true);
      }
    }
    const typeLinks = [...seen.values()].flatMap((s) => s.links).filter((l) => l.includes("#type-")).length;
    expect(checked).toBeGreaterThan(500);
    expect(fragments).toBeGreaterThan(300);
    expect(typeLinks).toBeGreaterThan(100);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("finds operations with the local search", async () => {
    const page = await open("/");
    await page.locator(".VPNavBarSearch button").first().click();
    const input = page.locator("#localsearch-input");
    await input.waitFor({ state: "visible" });
    await input.fill("listActivityLogs");
    const result = page.locator(".VPLocalSearchBox .result").first();
    await result.waitFor({ state: "visible" });
    await expect(result.getAttribute("href")).resolves.toMatch(/^\/admins#/);
    await page.close();
  });
});
