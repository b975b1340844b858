import { condition } from '@temporalio/workflow';

/**
 * Waits for `done` until `deadline` (epoch milliseconds, workflow time): true when it held in
 * time, false when the deadline came first. A deadline already past answers at once.
 */
export async function waitUntil(done: () => boolean, deadline: number): Promise<boolean> {
  const remaining = deadline - Date.now();
  if (remaining <= 0) return done();
  return condition(done, remaining);
}
