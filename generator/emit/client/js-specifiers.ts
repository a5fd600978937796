/**
 * The runtime as written, except that its relative imports say `.js` like the rest of the generated
 * code, so that the emitted declaration files resolve for every consumer whatever its TypeScript
 * settings (a `.d.ts` keeps its specifiers as written).
 *
 * The specifiers are found by a small scanner rather than the TypeScript parser (loading the compiler
 * costs about a second): it steps over comments, strings, template literals and regular expressions,
 * and takes the string after `from` (or right after `import`) outside any braces, which is where the
 * module specifiers of top-level import and export declarations are. The text is edited at those
 * positions only.
 */

/** Keywords after which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

const IDENTIFIER_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** The positions (start and end, quotes excluded) of the module specifiers of top-level imports and exports. */
export function moduleSpecifiers(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  /** Brace depth where each open template literal's `${` began; the innermost last. */
  const templates: number[] = [];
  let depth = 0;
  /** The previous significant token: an identifier or keyword, a string, or a punctuator. */
  let previous = "";
  /** Set after a top-level `from` or `import`: the next string is a module specifier. */
  let wantSpecifier = false;
  let i = 0;

  /** Scans a template literal's text from `i` (just past the backtick or the `}` closing a `${`). */
  const templateText = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        previous = "`";
        return;
      } else if (c === "$" && text[i + 1] === "{") {
        i += 2;
        templates.push(depth);
        depth++;
        previous = "{";
        return;
      } else i++;
    }
  };

  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      const start = i + 1;
      i++;
      while (i < text.length && text[i] !== c && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      if (wantSpecifier) found.push({ start, end: i });
      i++;
      wantSpecifier = false;
      previous = '"';
    } else if (c === "`") {
      i++;
      wantSpecifier = false;
      templateText();
    } else if (c === "/" && (previous === "" || BEFORE_REGEX.has(previous) || /^[^\w$)\]"`]$/.test(previous))) {
      // A regular expression: `/` inside a class or escaped does not end it.
      i++;
      let inClass = false;
      while (i < text.length && text[i] !== "\n") {
        const r = text[i];
        if (r === "\\") i++;
        else if (r === "[") inClass = true;
        else if (r === "]") inClass = false;
        else if (r === "/" && !inClass) break;
        i++;
      }
      i++;
      while (i < text.length && IDENTIFIER_PART.test(text[i]!)) i++;
      previous = '"';
      wantSpecifier = false;
    } else if (IDENTIFIER_START.test(c)) {
      const start = i;
      while (i < text.length && IDENTIFIER_PART.test(text[i]!)) i++;
      const word = text.slice(start, i);
      wantSpecifier = depth === 0 && (word === "from" || (word === "import" && previous !== "."));
      previous = word;
    } else {
      i++;
      wantSpecifier = false;
      if (c === "{") depth++;
      else if (c === "}") {
        if (templates.length > 0 && templates[templates.length - 1] === depth - 1) {
          templates.pop();
          depth--;
          templateText();
          continue;
        }
        depth--;
      }
      previous = c;
    }
  }
  return found;
}

/** `text` with every relative `.ts` module specifier of its imports and exports ending in `.js`. */
export function withJsSpecifiers(text: string): string {
  let out = "";
  let from = 0;
  for (const { start, end } of moduleSpecifiers(text)) {
    const specifier = text.slice(start, end);
    if (!/^\.\.?\/.*\.ts$/.test(specifier)) continue;
    out += text.slice(from, end - 3) + ".js";
    from = end;
  }
  return out + text.slice(from);
}
