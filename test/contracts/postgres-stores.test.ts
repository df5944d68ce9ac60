import { PostgresAgentStore } from '../../src/postgres/postgres-agent-store';
import { connectPostgres } from '../../src/postgres/postgres-connection';
import { PostgresHistoryStore } from '../../src/postgres/postgres-history-store';
import { postgresAvailable, startPostgres, type PostgresServer } from '../support/postgres-server';
import { agentStoreContract } from './agent-store.contract';
import { historyStoreContract } from './history-store.contract';

/** The same contracts as SQLite and Redis, against a real PostgreSQL server started for the file. */
if (postgresAvailable()) {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 30_000);
  afterAll(() => server?.stop());

  historyStoreContract(
    'postgres',
    async () => new PostgresHistoryStore(await connectPostgres(await server.newDatabase())),
  );
  agentStoreContract('postgres', async () => new PostgresAgentStore(await connectPostgres(await server.newDatabase())));
} else {
  describe.skip('PostgreSQL stores (PostgreSQL not installed)', () => {
    it('skipped', () => undefined);
  });
}
