/** Placeholder until the schedules module exists; replaced by the backfill's apply step. */
export async function applyDeclaredSchedules(_env: Record<string, string>): Promise<void> {}
