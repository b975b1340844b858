import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const current = globalThis.__TEST_STACK__;
  if (!current) return;
  await current.stack.stop();
  if (!process.env.KEEP_TEST_STACK) rmSync(current.dataDir, { recursive: true, force: true });
}
