import { spawn } from 'node:child_process';
import { loadConfig } from '../core/config';
import { withDevDefaults } from './dev-env';
import { binaries } from './stack/paths';

/**
 * `npm run -s temporal -- <args>`: the pinned Temporal CLI from .local/venv, pointed at the
 * service's own cluster and namespace (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE; the dev stack's
 * outside production). They reach the CLI through its environment, so an --address or
 * --namespace given on the command line still wins.
 */
function main(): void {
  const env = withDevDefaults(process.env);
  const { temporal } = loadConfig(env);
  const cli = spawn(binaries.temporal, process.argv.slice(2), {
    stdio: 'inherit',
    env: { ...env, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace },
  });

  // Ctrl-C reaches the CLI directly (same terminal); this process only waits for its answer.
  process.on('SIGINT', () => undefined);
  cli.once('error', (error) => {
    console.error(`${binaries.temporal}: ${error.message}; run npm run setup`);
    process.exit(1);
  });
  cli.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
