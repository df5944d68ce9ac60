/**
 * The Markdown dialects help centers are written in, reduced to plain Markdown before a
 * document is split: MDX as Docusaurus writes it (also inside `.md` files), admonitions of
 * Docusaurus, MkDocs and Python-Markdown, and template tokens of the usual site generators.
 * Code fences are left exactly as they are. Includes are expanded before this (see includes.ts).
 */

const FENCE = /^\s*(`{3,}|~{3,})/;
/** `import X from 'y'`, `import { a, b } from "y"`, `import 'y'`: MDX module lines. */
const MDX_IMPORT = /^import\s+(?:[\w$*{},\s]+\s+from\s+)?['"][^'"]+['"];?\s*$/;
const MDX_EXPORT = /^export\s+(?:const|let|var|function|default|async)\b/;
/** `:::tip Title` ... `:::` (Docusaurus, remark-directive). */
const DIRECTIVE_OPEN = /^\s*:{3,}\s*([A-Za-z][\w-]*)(?:\[([^\]]*)\])?\s*(.*)$/;
const DIRECTIVE_CLOSE = /^\s*:{3,}\s*$/;
/** `!!! note "Title"` or `??? note` (Python-Markdown, MkDocs Material); the body is indented. */
const ADMONITION = /^(\s*)(?:!!!|\?\?\?\+?)\s*([A-Za-z][\w-]*)(?:\s+"([^"]*)")?\s*$/;
/** `{{ variable }}`, `{% tag %}`, `{# comment #}` (Jinja, Liquid, Nunjucks, Hugo). */
const TEMPLATE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;
/** `{name}` or `{name|argument|…}`: a site generator's macro, standing alone on its line or inline. */
const MACRO = /\{[a-z_][\w-]*(?:\|[^{}\n]*)?\}/g;
/** An MDX expression container holding a reference or a call: `{frontMatter.title}`, `{useX()}`. */
const MDX_EXPRESSION = /\{[A-Za-z_$][\w$]*(?:\.[\w$]+)*(?:\([^(){}\n]*\))?\}/g;
/** A custom heading id: `## Title {#custom-id}`. */
const HEADING_ID = /^(#{1,6}\s.*?)\s*\{#[\w.:-]+\}\s*$/;
/** A block-level JSX comment: `{/* ... *\/}`. */
const JSX_COMMENT = /\{\/\*[\s\S]*?\*\/\}/g;

/** The plain Markdown of a help-center article written in any of the dialects above. */
export function normaliseMarkup(body: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  /** Indentation of the open Python-Markdown admonition's body, which is dedented. */
  let admonitionIndent: number | undefined;
  /** Braces still open in an MDX `export` statement that spans lines. */
  let exportDepth = 0;
  for (const raw of body.replace(JSX_COMMENT, '').split(/\r?\n/)) {
    let line = raw;
    if (fence) {
      out.push(line);
      if (line.trim().startsWith(fence)) fence = undefined;
      continue;
    }
    if (admonitionIndent !== undefined) {
      const indent = /^\s*/.exec(line)![0].length;
      if (line.trim() === '' || indent >= admonitionIndent) line = line.slice(Math.min(indent, admonitionIndent));
      else admonitionIndent = undefined;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen) {
      fence = fenceOpen[1];
      out.push(line);
      continue;
    }
    if (exportDepth > 0) {
      exportDepth += braceBalance(line);
      continue;
    }
    if (MDX_IMPORT.test(line)) continue;
    if (MDX_EXPORT.test(line)) {
      exportDepth = Math.max(0, braceBalance(line));
      continue;
    }
    const admonition = ADMONITION.exec(line);
    if (admonition) {
      admonitionIndent = admonition[1].length + 4;
      const title = admonition[3] ?? '';
      if (title.trim()) out.push(`**${title.trim()}**`, '');
      continue;
    }
    if (DIRECTIVE_CLOSE.test(line)) continue;
    const directive = DIRECTIVE_OPEN.exec(line);
    if (directive) {
      const title = (directive[2] ?? directive[3] ?? '').trim();
      if (title) out.push(`**${title}**`, '');
      continue;
    }
    line = line.replace(HEADING_ID, '$1');
    out.push(inlineClean(line));
  }
  return out.join('\n');
}

/** Tokens that never read as text, outside code: templates, macros, MDX expressions. */
function inlineClean(line: string): string {
  if (!line.includes('{')) return line.replace(/<\/summary>/gi, '</summary>\n');
  // Inline code keeps its braces: `{x}` in backticks is an example, not a token.
  return line
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(TEMPLATE, '')
            .replace(MDX_EXPRESSION, '')
            .replace(MACRO, '')
            .replace(/\s{2,}$/, ''),
    )
    .join('')
    .replace(/<\/summary>/gi, '</summary>\n');
}

function braceBalance(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === '{' || c === '(' || c === '[') n++;
    else if (c === '}' || c === ')' || c === ']') n--;
  }
  return n;
}

/** The first `# heading` outside code fences, with any custom id removed. */
export function firstHeading(body: string): string | undefined {
  let fence: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    const open = FENCE.exec(line);
    if (fence) {
      if (line.trim().startsWith(fence)) fence = undefined;
      continue;
    }
    if (open) {
      fence = open[1];
      continue;
    }
    const h1 = /^#\s+(.+?)\s*#*\s*$/.exec(line.replace(HEADING_ID, '$1'));
    if (h1) return h1[1].trim();
  }
  return undefined;
}
