/** Whole seconds left until a moment, at least 1 (a presigned URL cannot live for 0 seconds). */
export function secondsUntil(moment: Date, now = Date.now()): number {
  return Math.max(1, Math.floor((moment.getTime() - now) / 1000));
}
