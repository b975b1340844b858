import { applyDeclaredSchedules } from './apply-schedules-hook';
import { withDevDefaults } from './dev-env';

/**
 * `npm run schedules:apply`: makes the cluster's schedules match temporal-config/schedules.ts
 * and prints what it did to each (created, updated, unchanged). Outside production the embedded
 * dev stack's addresses are the defaults, as for the other scripts.
 */
async function main(): Promise<void> {
  const outcomes = await applyDeclaredSchedules(withDevDefaults(process.env));
  process.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
