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

  it('stores a message once per clientMessageId when two nodes append it at the same moment', async () => {
    const url = await server.newDatabase();
    const [a, b] = [
      new PostgresHistoryStore(await connectPostgres(url)),
      new PostgresHistoryStore(await connectPostgres(url)),
    ];
    try {
      const c = await a.createConversation({ visitorId: 'v-1' });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? a : b).appendMessage({ conversationId: c.id, role: 'visitor', text: 'hi', clientMessageId: 'same' }),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      expect(await b.listMessages(c.id)).toHaveLength(1);
      expect((await a.getConversation(c.id))?.unread).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
} else {
  describe.skip('PostgreSQL stores (PostgreSQL not installed)', () => {
    it('skipped', () => undefined);
  });
}
