import { Router } from 'express';

/** A named dependency check; it resolves when the dependency answers, rejects otherwise. */
export type HealthCheck = () => Promise<void>;

const CHECK_TIMEOUT_MS = 3_000;

async function probe(check: HealthCheck): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message || String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** GET /healthz: 200 when every dependency answers, 503 naming the ones that do not. */
export function healthRoutes(checks: Record<string, HealthCheck>): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => probe(checks[name]!)));
    const services = Object.fromEntries(
      names.map((name, i) => [
        name,
        results[i]!.ok ? { status: 'up' } : { status: 'down', error: results[i]!.error },
      ]),
    );
    const down = names.filter((_, i) => !results[i]!.ok);
    res
      .status(down.length === 0 ? 200 : 503)
      .json({ status: down.length === 0 ? 'ok' : 'degraded', down, services });
  });
  return router;
}
