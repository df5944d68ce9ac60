import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { backupSqlite, restoreSqlite } from '../history/sqlite-backup';

const USAGE = `Usage:
  npm run backup [-- --out DIR]    copy the database (online: the server may keep running), the
                                   visitor-token key and the knowledge files into a new folder
                                   DIR/answerdesk-backup-<time>/ (DIR defaults to ./backups)
  npm run restore -- BACKUP        put a backup's database and key back into DATA_DIR; stop the
                                   server first

With REDIS_URL or DATABASE_URL the history is not in SQLite: back up Redis (its RDB or AOF files)
or PostgreSQL (pg_dump) instead, as docs/deploy.md shows.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'backup' && command !== 'restore') {
    console.error(USAGE);
    return 64; // EX_USAGE
  }
  const config = loadConfig();
  if (config.redisUrl || config.databaseUrl) {
    console.error(
      `History is in ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'Redis (REDIS_URL)'}, not in SQLite.\n\n${USAGE}`,
    );
    return 1;
  }
  if (command === 'backup') {
    const at = rest.indexOf('--out');
    if (at >= 0 && !rest[at + 1]) {
      console.error(USAGE);
      return 64;
    }
    const outDir = path.resolve(at >= 0 ? rest[at + 1] : 'backups');
    const r = await backupSqlite({ dataDir: config.dataDir, knowledgeDir: config.knowledgeDir, outDir });
    console.log(
      `Backed up ${r.conversations} conversations and ${r.agents} agents (${(r.bytes / 1024).toFixed(0)} KB) to ${r.dir}`,
    );
    return 0;
  }
  if (rest.length !== 1) {
    console.error(USAGE);
    return 64;
  }
  const r = restoreSqlite({ from: path.resolve(rest[0]), dataDir: config.dataDir });
  console.log(
    `Restored ${r.conversations} conversations and ${r.agents} agents into ${r.dir}. The backup's knowledge files, if you need them, are in ${path.join(path.resolve(rest[0]), 'knowledge')}.`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `failed: ${err instanceof Error ? err.message : err}`);
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
