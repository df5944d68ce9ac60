import { readFile } from 'node:fs/promises';
import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import { parse } from 'csv-parse/sync';
import { type ImportedDocument, importedDocument, slugify } from '../imported-document';

/**
 * A CSV of questions and answers, one FAQ article per row: the question is the title, the
 * answer (Markdown or plain text) the body. A header row naming `question` and `answer` columns
 * (in any order, among others) is used; without one, the first two columns are taken. Commas,
 * quotes and line breaks inside quoted cells are read as CSV has them.
 */
export class CsvFaqLoader extends BaseDocumentLoader {
  constructor(private readonly file: string) {
    super();
  }

  async load(): Promise<ImportedDocument[]> {
    const rows = parse(await readFile(this.file, 'utf8'), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    if (rows.length === 0) return [];
    const header = rows[0].map((h) => h.trim().toLowerCase());
    const q = header.findIndex((h) => /^(?:question|q|title)$/.test(h));
    const a = header.findIndex((h) => /^(?:answer|a|body)$/.test(h));
    const named = q >= 0 && a >= 0;
    const [qi, ai] = named ? [q, a] : [0, 1];
    const seen = new Set<string>();
    return rows.slice(named ? 1 : 0).flatMap((row) => {
      const question = row[qi]?.trim();
      const answer = row[ai]?.trim();
      if (!question || !answer) return [];
      // The same question twice is two articles: the second and later are told apart by their rank.
      let slug = slugify(question, 70);
      let key = question;
      for (let n = 2; seen.has(slug); n++) {
        slug = `${slugify(question, 66)}-${n}`;
        key = `${question}#${n}`;
      }
      seen.add(slug);
      return [importedDocument(`${answer}\n`, { key, title: question, slug })];
    });
  }
}
