import { z } from 'zod';
import type { ActivitySettings } from './activity-settings';
import {
  aiConfigFrom,
  aiEnvShape,
  checkAiEnv,
  type AiConfig,
  type SearchConfig,
} from './ai-config';
import { backfillConfigFrom, backfillEnvShape, type BackfillConfig } from './config/backfill';
import {
  limitsConfigFrom,
  limitsEnvShape,
  sourceSizeCapsFrom,
  type LimitsConfig,
} from './config/limits';
import { serviceConfigFrom, serviceEnvShape, type ServiceConfig } from './config/service';
import {
  checkStorageEnv,
  storageConfigFrom,
  storageEnvShape,
  type StorageConfig,
} from './config/storage';
import {
  checkTemporalEnv,
  temporalConfigFrom,
  temporalEnvShape,
  type TemporalConfig,
} from './config/temporal';

export type { StorageConfig } from './config/storage';

/**
 * The one place the service reads its settings. Entry points call loadConfig(process.env) once
 * at start-up; every other module receives the parsed object (or the part of it it needs).
 * Each concern keeps its variables in a file of its own under ./config/; they are merged here
 * into one schema, so that one parse reports every bad variable together.
 */
const envSchema = z
  .object({
    ...serviceEnvShape,
    ...temporalEnvShape,
    ...storageEnvShape,
    ...limitsEnvShape,
    ...backfillEnvShape,
    ...aiEnvShape,
  })
  .superRefine(checkAiEnv)
  .superRefine(checkStorageEnv)
  .superRefine(checkTemporalEnv)
  .superRefine(checkHeartbeats);

/**
 * The analysis activity keeps itself alive by heartbeating every AI_HEARTBEAT_INTERVAL_SECONDS;
 * Temporal declares it dead after ANALYSIS_HEARTBEAT_SECONDS without one. The SDK sends at most
 * one every 0.8 of that timeout, so an interval above it would time out a healthy run.
 */
function checkHeartbeats(
  env: { AI_HEARTBEAT_INTERVAL_SECONDS: number; ANALYSIS_HEARTBEAT_SECONDS: number },
  ctx: z.RefinementCtx,
): void {
  if (env.AI_HEARTBEAT_INTERVAL_SECONDS >= env.ANALYSIS_HEARTBEAT_SECONDS * 0.8) {
    ctx.addIssue({
      code: 'custom',
      path: ['AI_HEARTBEAT_INTERVAL_SECONDS'],
      message:
        `must be below 0.8 of ANALYSIS_HEARTBEAT_SECONDS (${env.ANALYSIS_HEARTBEAT_SECONDS} s), ` +
        'or a healthy analysis would be taken for dead',
    });
  }
}

/** Every variable the schema reads, for checks that each one is documented. */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape);

export interface Config extends ServiceConfig {
  temporal: TemporalConfig;
  storage: StorageConfig;
  limits: LimitsConfig;
  backfill: BackfillConfig;
  /** Timeouts and retries of the file workflow's activities, handed to it in its input. */
  activities: ActivitySettings;
  ai: AiConfig;
  search: SearchConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and checks every setting at once; throws a ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  const sizeCaps = sourceSizeCapsFrom(source);
  if (!parsed.success || sizeCaps.problems.length > 0) {
    const issues = parsed.success ? [] : parsed.error.issues;
    const problems = issues.map((issue) => {
      const name = issue.path.length > 0 ? issue.path.join('.') : '(environment)';
      const value = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : '';
      return `${name}: ${value || issue.message}`;
    });
    throw new ConfigError([...problems, ...sizeCaps.problems]);
  }

  const env = parsed.data;
  return {
    ...serviceConfigFrom(env),
    ...temporalConfigFrom(env),
    storage: storageConfigFrom(env),
    limits: limitsConfigFrom(env, sizeCaps.caps),
    backfill: backfillConfigFrom(env),
    ...aiConfigFrom(env),
  };
}
