import { Router } from 'express';

/**
 * A named dependency check; it resolves when the dependency answers, rejects otherwise. The
 * signal is aborted when the probe stops waiting: a check must then stop too, so that probes of
 * a dependency that is down do not pile up calls to it.
 */
export type HealthCheck = (signal: AbortSignal) => Promise<void>;

async function probe(
  check: HealthCheck,
  timeoutMs: number,
): Promise<{ ok: boolean; error?: string }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const checked = check(controller.signal);
  try {
    await Promise.race([checked, timeout]);
    return { ok: true };
  } catch (error) {
    // The check's own rejection, once aborted, is the timeout's story.
    checked.catch(() => undefined);
    return { ok: false, error: (error as Error).message || String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /healthz: 200 when every dependency answers, 503 naming the ones that do not. A check that
 * hangs counts as down after `timeoutMs` (HEALTH_CHECK_TIMEOUT_MS), so the probe never hangs.
 */
export function healthRoutes(checks: Record<string, HealthCheck>, timeoutMs: number): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => probe(checks[name]!, timeoutMs)));
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
