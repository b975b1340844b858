import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { connectTemporalClient } from '../core/temporal';
import { applySchedules, type ApplyOutcome } from '../temporal-config/apply-schedules';

/**
 * Connects to the configured Temporal cluster and applies the declared schedules; shared by
 * `npm run dev` and `npm run schedules:apply`.
 */
export async function applyDeclaredSchedules(
  env: Record<string, string | undefined>,
): Promise<Record<string, ApplyOutcome>> {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel, name: 'schedules' });
  const client = await connectTemporalClient(config.temporal);
  try {
    return await applySchedules(client, config, logger);
  } finally {
    await client.connection.close();
  }
}
