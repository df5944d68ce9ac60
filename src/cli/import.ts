import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import type { ImportedDocument } from '../import/imported-document';
import { writeImport } from '../import/knowledge-writer';
import { defaultFolder, loadersFor, SUPPORTED } from '../import/source-loaders';

const USAGE = `Usage: npm run import -- SOURCE [--into FOLDER] [--limit N]

Converts SOURCE into Markdown articles under KNOWLEDGE_DIR/FOLDER (by default a folder named
after the site or file), each with its title, source url and the date imported. SOURCE is
${SUPPORTED}.

Run it again to bring the folder up to date: it reports what it added, changed and removed,
and never overwrites or removes a file edited since the last import (it reports a conflict).

  --into FOLDER   the folder inside KNOWLEDGE_DIR to write to
  --limit N       websites: pages read at most (default 200)`;

async function main(argv: string[]): Promise<number> {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (argv[i] === '--into' || argv[i] === '--limit') {
      if (!argv[i + 1]) return usage();
      flags.set(argv[i], argv[++i]);
    } else if (argv[i].startsWith('--')) return usage();
    else positional.push(argv[i]);
  }
  if (positional.length !== 1) return usage();
  const [source] = positional;
  const limit = Number(flags.get('--limit') ?? 200);
  if (!Number.isInteger(limit) || limit < 1) return usage();
  const config = loadConfig();
  const folder = flags.get('--into') ?? defaultFolder(source);
  const docs: ImportedDocument[] = [];
  for (const { loader, prefix } of await loadersFor(source, { limit, log: (line) => console.log(line) })) {
    for (const doc of (await loader.load()) as ImportedDocument[]) {
      doc.metadata.slug = `${prefix}${doc.metadata.slug}`;
      docs.push(doc);
    }
  }
  const report = await writeImport({ knowledgeDir: config.knowledgeDir, folder, source, docs });
  const where = path.join(config.knowledgeDir, folder);
  console.log(
    `Imported ${docs.length} articles into ${where}: ${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed, ${report.unchanged} unchanged, ${report.conflicts.length} conflicts.`,
  );
  for (const [what, list] of [
    ['added', report.added],
    ['changed', report.changed],
    ['removed', report.removed],
  ] as const)
    for (const file of list) console.log(`  ${what} ${file}`);
  for (const c of report.conflicts) console.log(`  conflict ${c.path}: ${c.reason}`);
  return report.conflicts.length > 0 ? 2 : 0;
}

function usage(): number {
  console.error(USAGE);
  return 64; // EX_USAGE
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(
      err instanceof ConfigError ? err.message : `import failed: ${err instanceof Error ? err.message : err}`,
    );
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
