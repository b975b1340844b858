import type { Info } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';

/**
 * Runs an activity function in an activity context, as a worker would, outside any workflow.
 * The SDK's warnings about failed activities are silenced: tests make them fail on purpose.
 */
export function runActivity<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  ...args: A
): Promise<R> {
  return runActivityAs({}, fn, ...args);
}

/** The same, with chosen activity info (for example the workflow that scheduled it). */
export function runActivityAs<A extends unknown[], R>(
  info: Partial<Info>,
  fn: (...args: A) => Promise<R>,
  ...args: A
): Promise<R> {
  const env = new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
  return env.run(fn, ...args) as Promise<R>;
}
