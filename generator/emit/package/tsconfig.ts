/**
 * The generated package's tsconfig.json: `npm run build` compiles the client, the schemas and the MCP
 * server to ESM JavaScript and .d.ts files in dist/, under the same strict settings the toolchain's
 * tests compile them with. TypeScript reads comments in tsconfig.json, so it carries the header as one.
 */
import { DIST_DIR, typescriptFolders, type PackageContents } from "./contents.ts";

export function tsconfigJson(contents: PackageContents, note: string): string {
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2023", "DOM"],
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      declaration: true,
      sourceMap: false,
      rootDir: ".",
      outDir: DIST_DIR,
      // The client and schemas use only the language and the web APIs Node 20 has; the MCP server runs on Node.
      types: contents.mcp ? ["node"] : [],
    },
    include: typescriptFolders(contents).map((dir) => `${dir}/**/*.ts`),
    exclude: [DIST_DIR, "node_modules"],
  };
  return `// ${note}\n${JSON.stringify(config, null, 2)}\n`;
}
