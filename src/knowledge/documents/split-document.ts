import type { Chunk, KnowledgeDocument } from '../chunk';
import { toDisplayMarkdown } from './markdown-text';
import { splitMarkdown } from './recursive-split';
import { detectLanguage, type Language } from '../lexical/languages';
import { words } from '../lexical/text-analysis';

/** ~200 words: long enough to hold an answer, short enough to cite precisely. */
const CHUNK_CHARS = 1200;
const OVERLAP_CHARS = 150;

interface Section {
  headings: string[];
  lines: string[];
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;

/**
 * Cuts a document at its headings, keeping each section's heading path, then splits sections
 * that are still long with the Markdown-aware recursive splitter (LangChain's algorithm).
 */
export function splitDocument(doc: KnowledgeDocument): Chunk[] {
  const sections = sectionsOf(doc.body);
  // The summary belongs with the article's opening, which is what it summarises.
  if (doc.description) sections[0].lines.unshift(doc.description, '');
  const lang = doc.lang ?? languageOfText(`${doc.title}\n${doc.body}`);
  const chunks: Chunk[] = [];
  for (const section of sections) {
    const text = toDisplayMarkdown(section.lines.join('\n'));
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    const parts = text.length > CHUNK_CHARS ? splitMarkdown(text, CHUNK_CHARS, OVERLAP_CHARS) : [text];
    for (const part of parts) {
      chunks.push({
        id: `${doc.path}#${chunks.length}`,
        path: doc.path,
        title: doc.title,
        url: doc.url,
        headings: section.headings,
        text: part.trim(),
        order: chunks.length,
        lang,
      });
    }
  }
  return chunks;
}

/** Characters read to tell an article's language: its opening says it as well as the whole. */
const LANGUAGE_SAMPLE = 4000;

function languageOfText(text: string): Language {
  return detectLanguage(words(text.slice(0, LANGUAGE_SAMPLE)), { hint: 'en' }) ?? 'en';
}

function sectionsOf(body: string): Section[] {
  const sections: Section[] = [];
  let current: Section = { headings: [], lines: [] };
  const stack: { level: number; text: string }[] = [];
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    const m = inFence ? null : HEADING.exec(line);
    if (!m) {
      current.lines.push(line);
      continue;
    }
    sections.push(current);
    const level = m[1].length;
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    stack.push({ level, text: cleanHeading(m[2]) });
    current = { headings: stack.map((s) => s.text), lines: [] };
  }
  sections.push(current);
  return sections;
}

function cleanHeading(h: string): string {
  return toDisplayMarkdown(h).replace(/[*_`]/g, '').trim();
}
