import { Runtime } from '@temporalio/worker';
import { createLogger } from '../core/logger';
import { temporalLogger } from '../workers/temporal-logs';

/**
 * Jest set-up file, run in every test file before its tests. A worker that a test starts
 * without installing a Temporal runtime of its own gets the SDK's default one, which prints each
 * of its state changes at INFO on the console. That default now logs like the service's workers
 * do, from warnings up; a test file that installs its own runtime keeps it.
 */
Runtime.defaultOptions = {
  logger: temporalLogger(createLogger({ level: 'warn', name: 'temporal-sdk' })),
  telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' } } },
};
