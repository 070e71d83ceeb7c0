/** Settings → Server data: /admin/metrics/routes reports what the server served, per minute. */
import { tmpdir } from 'node:os';
import { expect, test } from 'vitest';
import { buildServer } from '../app';
import { sha256Hex } from '../auth/secrets';

const TOKEN = 'route-stats-admin-token-0123456789';

test('GET /admin/metrics/routes counts requests per route with latency percentiles; admin only', async () => {
  const { app } = buildServer({
    staticDir: tmpdir(),
    dataDir: tmpdir(),
    version: 't',
    presetAdminDigests: [sha256Hex(TOKEN)],
  });
  for (let i = 0; i < 5; i++) expect((await app.request('/healthz')).status).toBe(200);
  expect((await app.request('/admin/metrics/routes')).status).toBe(401);
  const res = await app.request('/admin/metrics/routes', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    routes: { route: string; method: string; points: { count: number; p50: number; p95: number }[] }[];
  };
  const health = body.routes.find((r) => r.route === '/healthz' && r.method === 'GET');
  expect(health!.points.reduce((sum, p) => sum + p.count, 0)).toBe(5);
  expect(health!.points.at(-1)!.p95).toBeGreaterThan(0);
});
