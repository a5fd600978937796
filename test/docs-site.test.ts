/**
 * The docs site, looked at in a real browser. The Markdown emitter's current output is written to
 * test-output/, built with VitePress (docs-site/ config and theme; a build is reused while its
 * inputs are unchanged), served from 127.0.0.1 by a tiny static server, and every page is opened in
 * headless Chromium: headings, risk badges, tables, the generated sidebar, the outline and local
 * search must render, every link to our own origin — page and `#fragment` — must resolve, the pages
 * must fit a phone's width, and text from the spec must show as text (never run as a Vue expression
 * or HTML). Screenshots go to test-output/screenshots/.
 *
 * The browser comes from npm, so `npm ci && npm test` is all a machine needs: @sparticuz/chromium (a
 * devDependency) ships a headless Chromium brotli-compressed in its package, together with the few
 * shared libraries it links against (NSS, expat) and a font. It is unpacked once per package version
 * into node_modules/.cache/opspec/ (about 2 s, 210 MB) and started with the bundled libraries, so no
 * system Chromium and no system packages are used.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdownEmitter } from "../generator/emit/markdown/index.ts";
import type { ApiModel, FieldModel, OperationModel, ResourceModel } from "../generator/model/types.ts";
import { finishFiles } from "../generator/write/finish.ts";
import { buildSidebar, type SidebarGroup } from "../docs-site/.vitepress/sidebar.ts";
import { loadModel, ROOT } from "./helpers/spec.ts";

const OUT = path.join(ROOT, "test-output");
const SRC = path.join(OUT, "docs-site-src");
const DIST = path.join(OUT, "docs-site-dist");
const SHOTS = path.join(OUT, "screenshots");
const SHOT_HEIGHT = 4000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
/**
 * The package's recommended flags but one: `--single-process`, there for AWS Lambda's sandbox, puts
 * every tab's renderer inside the browser process, and here closing a second browser context (the
 * phone's) took the whole browser down with it.
 */
const CHROMIUM_ARGS = sparticuz.args.filter((arg) => arg !== "--single-process");

/** An extra page built from a copy of the spec's model whose texts are hostile (see beforeAll). */
const HOSTILE_PAGE = "hostile-text";
const HOSTILE_TITLE = "Hostile text";
const INTERPOLATION = "{{ 7*7 }}";
const IMG_TAG = "<img src=x onerror=alert(1)>";
const SCRIPT_TAG = "<script>window.__opspecInjected = true</script>";

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

// -------------------------------------------------------------------------------------------- browser

/** Regular files and folders of a tar archive (ustar or GNU, short names: what the package ships). */
function untar(archive: Buffer, into: string): void {
  const text = (block: Buffer, from: number, to: number) =>
    block.subarray(from, to).toString("utf8").replace(/\0.*$/s, "");
  for (let at = 0; at + 512 <= archive.length; ) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const prefix = text(header, 257, 263) === "ustar" ? text(header, 345, 500) : "";
    const name = prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100);
    const size = parseInt(text(header, 124, 136).trim() || "0", 8);
    const type = text(header, 156, 157) || "0";
    const target = path.resolve(into, name);
    if (!target.startsWith(into + path.sep)) throw new Error(`tar entry outside the target: ${name}`);
    if (type === "5") fs.mkdirSync(target, { recursive: true });
    else if (type === "0") {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, archive.subarray(at + 512, at + 512 + size), {
        mode: parseInt(text(header, 100, 108).trim() || "644", 8) & 0o777,
      });
    } else throw new Error(`tar entry ${name}: type '${type}' is not supported`);
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

/**
 * The headless Chromium of @sparticuz/chromium, unpacked into node_modules/.cache/opspec/chromium-<version>/:
 * - `chromium` and the SwiftShader libraries beside it: the package's own `executablePath()`, which
 *   unpacks into os.tmpdir(), run in a child process whose TMPDIR is a staging folder;
 * - `al2023/lib/`: NSS and expat, the only libraries the binary needs beyond glibc (2.34 or newer)
 *   and libgcc. The package unpacks them only on AWS; they are put on LD_LIBRARY_PATH here too, so
 *   the browser runs the same on a bare Debian or Ubuntu as on a desktop;
 * - `fonts/`: Open Sans, for a machine without fonts; fontconfig reads the system's fonts first, if any.
 * The staging folder is renamed into place when complete, so an interrupted or concurrent run never
 * leaves (or sees) half a browser. OPSPEC_CHROMIUM, when set, names another browser to use instead.
 */
async function unpackChromium(): Promise<{ executablePath: string; env: NodeJS.ProcessEnv }> {
  if (process.env.OPSPEC_CHROMIUM) return { executablePath: process.env.OPSPEC_CHROMIUM, env: process.env };
  if (process.platform !== "linux" || process.arch !== "x64")
    throw new Error(
      `@sparticuz/chromium's browser is built for Linux x64, not ${process.platform} ${process.arch}: ` +
        `set OPSPEC_CHROMIUM to the path of a Chrome or Chromium executable to run the docs test here`,
    );
  const pkg = path.join(ROOT, "node_modules/@sparticuz/chromium");
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as {
    version: string;
  };
  const dir = path.join(ROOT, "node_modules/.cache/opspec", `chromium-${version}`);
  const fontconfig = path.join(dir, "fonts.conf");
  if (!fs.existsSync(path.join(dir, "chromium"))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    // Staging folders of runs that were killed: `chromium-<version>.<pid>.tmp`, whose process is gone.
    for (const name of fs.readdirSync(path.dirname(dir), { withFileTypes: true })) {
      const pid = Number(/^chromium-.+\.(\d+)\.tmp$/.exec(name.name)?.[1]);
      if (!pid || pid === process.pid) continue;
      try {
        process.kill(pid, 0);
      } catch {
        fs.rmSync(path.join(path.dirname(dir), name.name), { recursive: true, force: true });
      }
    }
    const staging = `${dir}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    try {
      const script = `import c from "@sparticuz/chromium"; process.stdout.write(await c.executablePath());`;
      const unpacked = await run(process.execPath, ["--input-type=module", "-e", script], {
        ...process.env,
        TMPDIR: staging,
      });
      if (unpacked !== path.join(staging, "chromium"))
        throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not into ${staging}`);
      const libs = zlib.brotliDecompressSync(fs.readFileSync(path.join(pkg, "bin/al2023.tar.br")));
      untar(libs, path.join(staging, "al2023"));
      fs.renameSync(staging, dir);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      // Another run may have finished the same unpacking first.
      if (!fs.existsSync(path.join(dir, "chromium"))) throw error;
    }
  }
  // Written on every run (when it differs), so that it names this checkout's folders.
  const conf =
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
    `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
    `  <dir>${path.join(dir, "fonts")}</dir>\n` +
    `  <cachedir>${path.join(dir, "fonts-cache")}</cachedir>\n</fontconfig>\n`;
  if (!fs.existsSync(fontconfig) || fs.readFileSync(fontconfig, "utf8") !== conf)
    fs.writeFileSync(fontconfig, conf);
  const libs = path.join(dir, "al2023/lib");
  return {
    executablePath: path.join(dir, "chromium"),
    env: {
      ...process.env,
      LD_LIBRARY_PATH: [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
      FONTCONFIG_FILE: fontconfig,
    },
  };
}

// ------------------------------------------------------------------------------------------- the site

/**
 * Everything the built site depends on: the pages, docs-site/ (config, theme, public files) and the
 * locked dependencies (VitePress's version among them).
 */
function siteInputs(): string {
  const hash = createHash("sha256");
  const skip = /^\.vitepress[\\/](cache|dist|\.temp)([\\/]|$)/;
  for (const dir of [SRC, path.join(ROOT, "docs-site")]) {
    const files = (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => !skip.test(f) && fs.statSync(path.join(dir, f)).isFile())
      .sort();
    const where = path.relative(ROOT, dir);
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(dir, f));
      hash.update(`${where}/${f}\0${bytes.length}\0`).update(bytes);
    }
  }
  hash.update(fs.readFileSync(path.join(ROOT, "package-lock.json")));
  return hash.digest("hex");
}

/**
 * Builds SRC into DIST with VitePress (about half of this test's time), or keeps DIST when the last
 * build had the same inputs: its key is recorded beside it, in DIST/.inputs, once the build succeeded.
 */
async function buildSite(): Promise<void> {
  const key = siteInputs();
  const record = path.join(DIST, ".inputs");
  if (fs.existsSync(record) && fs.readFileSync(record, "utf8") === key) return;
  fs.rmSync(DIST, { recursive: true, force: true });
  const vitepress = path.join(ROOT, "node_modules/vitepress/bin/vitepress.js");
  await run(process.execPath, [vitepress, "build", "docs-site", "--outDir", DIST], {
    ...process.env,
    OPSPEC_DOCS_DIR: SRC,
  });
  fs.writeFileSync(record, key);
}

/**
 * A copy of the spec's model whose texts carry a Vue interpolation, HTML tags and a script, in the
 * places the Markdown emitter writes spec text: a resource's description, an operation's summary and
 * description, a required input's description and example (shown in the code examples), an optional
 * input's default (shown in a code span). The resource is the last with an operation that has both
 * kinds of input, and keeps only that operation: the page adds no search hits for the others.
 */
function hostileModel(model: ApiModel): { model: ApiModel; resource: ResourceModel } {
  const copy = structuredClone(model);
  const optional = (f: FieldModel) => !f.required && f.default === undefined;
  const fits = (o: OperationModel) => o.input.some((f) => f.required) && o.input.some(optional);
  const resource = copy.resources.findLast((r) => r.operations.some(fits));
  if (!resource) throw new Error("the spec has no operation with a required and an optional input");
  const op = resource.operations.find(fits)!;
  resource.operations = [op];
  resource.title = HOSTILE_TITLE;
  resource.description = `Resource description ${INTERPOLATION} ${IMG_TAG}`;
  op.summary = `Summary ${INTERPOLATION}`;
  op.description = `Operation description ${INTERPOLATION} ${IMG_TAG} ${SCRIPT_TAG}`;
  const required = op.input.find((f) => f.required)!;
  required.description = `Field description ${INTERPOLATION} ${IMG_TAG}`;
  required.example = INTERPOLATION;
  op.input.find(optional)!.default = INTERPOLATION;
  return { model: copy, resource };
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
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
  /** Script errors, dialogs (`alert()`) and failed requests to our own origin, on any page. */
  const pageErrors: string[] = [];
  const statusCache = new Map<string, number>();

  const resourcePages = () => model.resources.map((r) => ({ route: `/${r.slug}`, resource: r }));
  const allRoutes = () => ["/", ...resourcePages().map((p) => p.route), "/types"];

  async function open(route: string, on: BrowserContext = context): Promise<Page> {
    const page = await on.newPage();
    page.on("pageerror", (e) => pageErrors.push(`${route}: ${e.message}`));
    page.on("dialog", (d) => {
      pageErrors.push(`${route}: ${d.type()} dialog "${d.message()}"`);
      void d.dismiss();
    });
    page.on("response", (r) => {
      if (r.url().startsWith(base) && r.status() >= 400)
        pageErrors.push(`${route}: ${r.status()} ${r.url()}`);
    });
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
      clip: { x: 0, y: 0, width: DESKTOP.width, height: Math.min(height, SHOT_HEIGHT) },
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

  /**
   * The operation sections of a resource page, read from the rendered DOM: each starts at the
   * element carrying the operation's `op-…` id (its `## resource.operation` heading, or the empty
   * `<a id>` the Markdown puts just before it) and runs to the next operation.
   */
  function sections(page: Page): Promise<Section[]> {
    return page.evaluate(() => {
      const starts = Array.from(document.querySelectorAll<HTMLElement>('.vp-doc [id^="op-"]'));
      return starts.map((target) => {
        const start = target.tagName === "H2" ? target : (target.closest("p") ?? target);
        const out = {
          id: target.id,
          heading: "",
          badges: [] as string[],
          tables: [] as { header: string[]; rows: number }[],
          warning: false,
        };
        for (let el: Element | null = start; el; el = el.nextElementSibling) {
          if (el !== start && (el.matches('[id^="op-"]') || el.querySelector('[id^="op-"]'))) break;
          if (el.tagName === "H2" && out.heading) break;
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
    const files = finishFiles(await markdownEmitter.emit(model));
    fs.rmSync(SRC, { recursive: true, force: true });
    for (const f of files) {
      const target = path.join(SRC, path.posix.relative("docs", f.path));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.contents);
    }
    // The hostile page: the first resource's page, emitted from the hostile copy of the model.
    const hostile = hostileModel(model);
    const hostileFile = (await markdownEmitter.emit(hostile.model)).find(
      (f) => f.path === `docs/${hostile.resource.slug}.md`,
    );
    fs.writeFileSync(path.join(SRC, `${HOSTILE_PAGE}.md`), hostileFile!.contents);

    // Build the site (unless the last build had the same inputs) and unpack the browser, side by side.
    const [, browserFiles] = await Promise.all([buildSite(), unpackChromium()]);
    server = await serve(DIST);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ ...browserFiles, args: CHROMIUM_ARGS, headless: true });
    context = await browser.newContext({ viewport: DESKTOP });
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 170_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("builds a sidebar from the generated pages: overview, each resource with its operations, shared types", () => {
    const sidebar = buildSidebar(SRC);
    // Pages the index does not list (here the hostile-text page) come after the listed resources.
    expect(sidebar.map((i) => i.text)).toEqual([
      "Overview",
      ...model.resources.map((r) => r.title),
      HOSTILE_TITLE,
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
      ...(op.output?.fields.length ? [op.output.fields.length] : []),
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
    const typeAnchors = await page.locator('.vp-doc [id^="type-"]').count();
    expect(typeAnchors).toBeGreaterThan(0);
    await expect(page.locator(".vp-doc table").count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "types");
    await page.close();
  });

  it("resolves every internal link and #fragment on every page", async () => {
    // The pages are opened by the tests above; open any that a link targets and none has opened yet.
    for (const route of allRoutes()) if (!seen.has(route)) await (await open(route)).close();
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

  it("serves a favicon: /favicon.ico and every icon the pages link to", async () => {
    const ico = await fetch(`${base}/favicon.ico`);
    expect(ico.status).toBe(200);
    const bytes = new Uint8Array(await ico.arrayBuffer());
    expect([...bytes.subarray(0, 4)], "an ICO header").toEqual([0, 0, 1, 0]);
    const page = await open("/");
    const icons = await page
      .locator('head link[rel~="icon"]')
      .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons) expect(await status(icon), icon).toBe(200);
    await page.close();
  });

  it("highlights, in the outline, the operation a link scrolled to", async () => {
    // On the page with the most operations, five of them from top to bottom, each reached the way a
    // reader does: by its sidebar link.
    const resource = model.resources.reduce((a, b) => (b.operations.length > a.operations.length ? b : a));
    const step = Math.max(1, Math.ceil(resource.operations.length / 5));
    const sample = resource.operations.filter((_, i) => i % step === 0);
    const page = await open(`/${resource.slug}`);
    await expect(page.locator(".VPDocAsideOutline").isVisible()).resolves.toBe(true);
    const sidebarLink = (op: OperationModel) =>
      page.locator(`.VPSidebar a[href^="/${resource.slug}#op-"]`, {
        hasText: new RegExp(`^${op.fullName.replace(/\./g, "\\.")}$`),
      });
    /** What the outline marks, once that is `name` or the page is at its end (or after 3 s). */
    const marked = async (on: Page, name: string) => {
      for (const deadline = Date.now() + 3_000; ; ) {
        const now = await on.evaluate(() => ({
          text: document.querySelector(".VPDocAsideOutline a.active")?.textContent?.trim() ?? "nothing",
          atBottom: Math.abs(window.scrollY + window.innerHeight - document.body.offsetHeight) < 1,
        }));
        if (now.text === name || now.atBottom || Date.now() > deadline) return now;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const wrong: string[] = [];
    let checked = 0;
    for (const op of sample) {
      await sidebarLink(op).evaluate((a) => (a as HTMLElement).click());
      const shown = await marked(page, op.fullName);
      // At the very end of the page the outline marks the last heading, whatever the link.
      if (shown.atBottom && shown.text !== op.fullName) continue;
      checked++;
      if (shown.text !== op.fullName) wrong.push(`${op.fullName} → the outline marks ${shown.text}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(sample.length / 2);

    // Opening a page at an operation's address marks that operation too.
    const target = resource.operations[Math.floor(resource.operations.length / 2)]!;
    const direct = await open((await sidebarLink(target).getAttribute("href"))!);
    await expect(marked(direct, target.fullName)).resolves.toMatchObject({ text: target.fullName });
    await direct.close();
    await page.close();
  });

  it("fits a phone's width: wide tables scroll inside the content column, prose stays readable", async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const problems: Record<string, string[]> = {};
    await Promise.all(
      allRoutes().map(async (route) => {
        const page = await open(route, phone);
        const found = await page.evaluate((minProse) => {
          const out: string[] = [];
          const width = window.innerWidth;
          const { scrollWidth } = document.documentElement;
          if (scrollWidth > width) {
            const scrolls = (el: Element | null): boolean => {
              for (; el && el !== document.documentElement; el = el.parentElement)
                if (/auto|scroll|hidden/.test(getComputedStyle(el).overflowX)) return true;
              return false;
            };
            // The outermost elements reaching past the right edge, outside any scrolling box.
            const past = (el: Element | null) => !!el && el.getBoundingClientRect().right > width + 0.5;
            const culprits = Array.from(document.querySelectorAll("body *"))
              .filter((el) => past(el) && !past(el.parentElement) && !scrolls(el.parentElement))
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join(".")}`);
            out.push(`the page scrolls sideways: ${scrollWidth}px in ${width}px (${culprits.join(", ")})`);
          }
          const column = document.querySelector(".vp-doc")!.getBoundingClientRect();
          document.querySelectorAll<HTMLElement>(".vp-doc table").forEach((table, i) => {
            const box = table.getBoundingClientRect();
            if (box.left < column.left - 0.5 || box.right > column.right + 0.5)
              out.push(`table ${i} reaches outside the content column`);
            const scrolls = /auto|scroll/.test(getComputedStyle(table).overflowX);
            if (table.scrollWidth > table.clientWidth && !scrolls)
              out.push(`table ${i} is wider than its box and does not scroll`);
            for (const th of Array.from(table.querySelectorAll("thead th"))) {
              const name = th.textContent?.trim() ?? "";
              const w = th.getBoundingClientRect().width;
              if (["Description", "Summary", "Meaning"].includes(name) && w < minProse)
                out.push(`table ${i}: the ${name} column is squeezed to ${Math.round(w)}px`);
            }
          });
          return { out, tables: document.querySelectorAll(".vp-doc table").length };
        }, 160);
        expect(found.tables, `${route} tables`).toBeGreaterThan(0);
        if (found.out.length) problems[route] = found.out.slice(0, 8);
        if (route === `/${model.resources[0]!.slug}`) {
          await page.locator(".vp-doc table").nth(2).scrollIntoViewIfNeeded();
          await page.screenshot({ path: path.join(SHOTS, `phone-${model.resources[0]!.slug}.png`) });
        }
        await page.close();
      }),
    );
    await phone.close();
    expect(problems).toEqual({});
  });

  it("shows text from the spec as text: no Vue interpolation, no HTML, no script", async () => {
    const page = await open(`/${HOSTILE_PAGE}`);
    const found = await page.evaluate(() => ({
      // What a reader sees: zero-width characters (which may keep `{{` from being read by Vue) aside.
      text: document.querySelector(".vp-doc")!.textContent!.replace(/[\u200b-\u200d\u2060\ufeff]/g, ""),
      examples: Array.from(document.querySelectorAll('.vp-doc div[class*="language-ts"] pre')).map(
        (pre) => pre.textContent ?? "",
      ),
      images: document.querySelectorAll(".vp-doc img").length,
      scripts: document.querySelectorAll(".vp-doc script").length,
      injected: (window as unknown as { __opspecInjected?: boolean }).__opspecInjected ?? false,
    }));
    const problems: string[] = [];
    for (const [where, marker] of [
      ["resource description", "Resource description"],
      ["operation summary", "Summary"],
      ["operation description", "Operation description"],
      ["input description", "Field description"],
    ])
      if (!found.text.includes(`${marker} ${INTERPOLATION}`))
        problems.push(
          `${where}: "${INTERPOLATION}" is not shown as written` +
            (found.text.includes(`${marker} 49`) ? " (Vue evaluated it: 49)" : ""),
        );
    if (!found.text.includes(`Default: ${INTERPOLATION}.`))
      problems.push(`input default (code span): "${INTERPOLATION}" is not shown as written`);
    if (!found.examples.every((example) => example.includes(INTERPOLATION)) || found.examples.length === 0)
      problems.push(`example (code blocks): "${INTERPOLATION}" is not shown as written`);
    if (!found.text.includes(IMG_TAG)) problems.push(`"${IMG_TAG}" is not shown as written`);
    if (!found.text.includes(SCRIPT_TAG)) problems.push(`"${SCRIPT_TAG}" is not shown as written`);
    if (found.images) problems.push(`${found.images} <img> element(s) from spec text`);
    if (found.scripts || found.injected) problems.push("a <script> from spec text");
    const dialogs = pageErrors.filter((e) => e.startsWith(`/${HOSTILE_PAGE}:`));
    expect({ problems, dialogs }).toEqual({ problems: [], dialogs: [] });
    await page.close();
  });

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

  it("had no script errors, dialogs or failed requests on any page", () => {
    // The hostile-text page answers for its own above.
    expect(pageErrors.filter((e) => !e.startsWith(`/${HOSTILE_PAGE}:`))).toEqual([]);
  });
});
