import { loadConfig, type Config } from '../../core/config';
import { buildRuntime, type Runtime } from '../../core/runtime';

/** The configuration the global set-up pointed at the test stack, with optional overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

/** A runtime (logger, database, object store) on the test stack; close it in afterAll. */
export function testRuntime(overrides: Record<string, string> = {}): Runtime {
  return buildRuntime(testConfig(overrides), 'test');
}
