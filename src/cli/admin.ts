import { randomBytes } from 'node:crypto';
import { createAgentStore } from '../agents/create-agent-store';
import { hashPassword } from '../agents/passwords';
import { ConfigError, loadConfig } from '../config';

const USAGE = `Usage: npm run admin -- reset-password EMAIL

  Sets a new password for the agent with that email (on the SQLite file in DATA_DIR, or on
  REDIS_URL), ends their sessions, and prints the password once. The new password is
  ADMIN_PASSWORD when that is set, otherwise a generated one.`;

/**
 * `npm run admin`: recovery for an operator locked out of the console. It works on the stores
 * directly, so it needs the same environment as the server and no running server.
 */
async function main(argv: string[]): Promise<number> {
  const [command, email] = argv;
  if (command !== 'reset-password' || !email) {
    console.error(USAGE);
    return 64; // EX_USAGE
  }
  const config = loadConfig();
  const store = await createAgentStore(config);
  try {
    const agent = await store.agentByEmail(email);
    if (!agent) {
      console.error(`No agent has the email ${email}.`);
      return 1;
    }
    const password = config.admin.password ?? randomBytes(12).toString('base64url');
    await store.setPassword(agent.id, await hashPassword(password));
    console.log(
      config.admin.password
        ? `The password of ${agent.email} is now ADMIN_PASSWORD; their sessions have ended.`
        : `The new password of ${agent.email} is ${password} (shown only this once); their sessions have ended.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(
      err instanceof ConfigError ? err.message : `admin failed: ${err instanceof Error ? err.message : err}`,
    );
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
