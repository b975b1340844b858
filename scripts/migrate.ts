import { loadConfig } from '../core/config';
import { createMigrator } from '../core/db/migrator';
import { createDatabase } from '../core/db/sequelize';
import { createLogger } from '../core/logger';

/** `npm run migrate [-- up|down|status]`: applies, reverts the last, or lists migrations. */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'up';
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, name: 'migrate' });
  const db = createDatabase({ url: config.database.url, poolMax: 1 });
  const migrator = createMigrator(db.sequelize, logger);
  try {
    if (command === 'up') await migrator.up();
    else if (command === 'down') await migrator.down();
    else if (command === 'status') {
      const pending = (await migrator.pending()).map((m) => m.name);
      const executed = (await migrator.executed()).map((m) => m.name);
      console.log(JSON.stringify({ executed, pending }, null, 2));
    } else throw new Error(`unknown command "${command}": use up, down or status`);
  } finally {
    await db.sequelize.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
