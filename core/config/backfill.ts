import { z } from 'zod';
import { positive } from './fields';

/** Re-indexing of legacy and out-of-date files, and its nightly schedule. */
export const backfillEnvShape = {
  BACKFILL_FILES_PER_MINUTE: positive(10),
  BACKFILL_MAX_CONCURRENT_WORKSPACES: positive(4),
  BACKFILL_FILES_PER_RUN: positive(500),
  BACKFILL_PAGE_SIZE: positive(100).pipe(z.number().max(1000)),
  BACKFILL_SCHEDULE_CRON: z.string().trim().min(1).default('0 3 * * *'),
  BACKFILL_INDEX_WAIT_SECONDS: positive(1800),
  BACKFILL_RUN_TIMEOUT_HOURS: positive(20).pipe(z.number().max(24 * 7)),
};

type BackfillEnv = z.infer<z.ZodObject<typeof backfillEnvShape>>;

export interface BackfillConfig {
  filesPerMinute: number;
  maxConcurrentWorkspaces: number;
  /** Files one run handles before it continues as new, keeping its history bounded. */
  filesPerRun: number;
  pageSize: number;
  /** When the nightly backfill of every workspace starts (cron syntax, UTC). */
  scheduleCron: string;
  /** How long a backfill waits for one dispatched file to be indexed before going on. */
  indexWaitSeconds: number;
  /**
   * Bound on one scheduled run of every workspace. Below the schedule's period, so that a stuck
   * run never makes the next one skip (the schedule skips while a run is still going).
   */
  runTimeoutHours: number;
}

export function backfillConfigFrom(env: BackfillEnv): BackfillConfig {
  return {
    filesPerMinute: env.BACKFILL_FILES_PER_MINUTE,
    maxConcurrentWorkspaces: env.BACKFILL_MAX_CONCURRENT_WORKSPACES,
    filesPerRun: env.BACKFILL_FILES_PER_RUN,
    pageSize: env.BACKFILL_PAGE_SIZE,
    scheduleCron: env.BACKFILL_SCHEDULE_CRON,
    indexWaitSeconds: env.BACKFILL_INDEX_WAIT_SECONDS,
    runTimeoutHours: env.BACKFILL_RUN_TIMEOUT_HOURS,
  };
}
