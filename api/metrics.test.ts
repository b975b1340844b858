import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../test/support/http';

/** GET /metrics: Prometheus text, with request durations labelled by route pattern. */
let api: TestApi;
const WS = `ws-metrics-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  api = await startTestApi({ userId: 'user-metrics', workspaces: [WS] });
});

afterAll(async () => {
  await api?.close();
});

const countOf = (metrics: string, labels: string) =>
  Number(
    metrics
      .split('\n')
      .find((line) => line.startsWith(`http_request_duration_seconds_count{${labels}}`))
      ?.split(' ')[1] ?? 0,
  );

describe('GET /metrics', () => {
  it('counts requests by route pattern, never by a path with ids, answered or refused', async () => {
    const found = `method="GET",route="/workspaces/:workspaceId/usage",status="200"`;
    const refused = `method="GET",route="/workspaces/:workspaceId/files/:fileId/download-url",status="404"`;
    const before = (await api.call('/metrics')).body as string;

    await api.call(`/workspaces/${WS}/usage`);
    await api.call(`/workspaces/${WS}/files/${randomUUID()}/download-url`);
    const res = await api.call('/metrics');
    const after = res.body as string;

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(after).toContain('# TYPE http_request_duration_seconds histogram');
    expect(after).toContain('# TYPE process_cpu_seconds_total counter');
    expect(countOf(after, found) - countOf(before, found)).toBe(1);
    expect(countOf(after, refused) - countOf(before, refused)).toBe(1);
    expect(after).not.toContain(WS);
  });
});
