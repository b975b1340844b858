/**
 * Runs `fn` over the items with at most `limit` calls in flight, starting the next item as soon
 * as one finishes. Deterministic in workflow code: it only chains promises. `fn` should not
 * reject; if it does, the first rejection is returned once the lanes stop.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await fn(item);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane);
  await Promise.all(lanes);
}
