import { z } from 'zod';
import { optionalText, positive } from './fields';

/** The process itself: environment, logging, the HTTP listener, the database and the tokens. */
export const serviceEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: positive(3000).pipe(z.number().max(65535)),
  HTTP_BODY_LIMIT_BYTES: positive(64 * 1024),
  /** A dependency that does not answer /healthz's probe in this time is reported down. */
  HEALTH_CHECK_TIMEOUT_MS: positive(3_000),

  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_MAX: positive(10),

  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  AUTH_JWT_ISSUER: optionalText,
  AUTH_JWT_AUDIENCE: optionalText,
};

type ServiceEnv = z.infer<z.ZodObject<typeof serviceEnvShape>>;

export interface ServiceConfig {
  env: ServiceEnv['NODE_ENV'];
  logLevel: ServiceEnv['LOG_LEVEL'];
  http: { host: string; port: number; bodyLimitBytes: number; healthCheckTimeoutMs: number };
  database: { url: string; poolMax: number };
  auth: { jwtSecret: string; issuer?: string; audience?: string };
}

export function serviceConfigFrom(env: ServiceEnv): ServiceConfig {
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      healthCheckTimeoutMs: env.HEALTH_CHECK_TIMEOUT_MS,
    },
    database: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET,
      issuer: env.AUTH_JWT_ISSUER,
      audience: env.AUTH_JWT_AUDIENCE,
    },
  };
}
