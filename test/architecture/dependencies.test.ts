import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Every TypeScript file under `dir`, relative to the project root. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** The project files `file` imports, relative to the project root. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
    path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), m[1])),
  );
}

describe('the dependency rules', () => {
  it('keeps src/knowledge free of the chat, history, agents and transport layers', () => {
    const offending = sources('src/knowledge').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^src\/(chat|history|agents|http|realtime)\//.test(i))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('gives the widget and the console their wire types only from src/protocol', () => {
    const offending = [...sources('widget/src'), ...sources('console/src')].flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('src/') && !/^src\/(protocol|markdown|browser)\//.test(i))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the importer and the LangChain retriever out of the server: only their users load them', () => {
    const offending = sources('src')
      .filter((f) => !/^src\/(?:import|langchain)\//.test(f) && f !== 'src/cli/import.ts')
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => /^src\/(?:import|langchain)\//.test(i))
          .map((i) => `${f} -> ${i}`),
      );
    expect(offending).toEqual([]);
    const libraries =
      /from '(?:@mozilla\/readability|linkedom|turndown|mammoth|pdfjs-dist[^']*|robots-parser|csv-parse[^']*|@langchain\/core[^']*)'/;
    const users = sources('src').filter((f) => libraries.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(users.length).toBeGreaterThan(5);
    // LangChain's chat models load only when LLM_PROVIDER names one, through create-llm's require.
    const lazy = ['src/llm/langchain-models.ts', 'src/llm/langchain-provider.ts'];
    expect(users.filter((f) => !/^src\/(?:import|langchain)\//.test(f))).toEqual(lazy);
    const eager = sources('src').flatMap((f) =>
      [
        ...readFileSync(path.join(ROOT, f), 'utf8').matchAll(
          /^import [^;]*'(\.{1,2}\/[^']*langchain-(?:models|provider))'/gm,
        ),
      ].map((m) => `${f} -> ${m[1]}`),
    );
    expect(eager).toEqual([]);
  });

  it('finds the imports it checks', () => {
    // Guards the two rules above against a pattern that matches nothing.
    expect(importsOf('console/src/api.ts')).toContain('src/protocol/http-api');
    expect(importsOf('src/knowledge/knowledge-base.ts')).toContain('src/knowledge/documents/load-document');
  });
});
