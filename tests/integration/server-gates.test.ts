/**
 * End-to-end gate coverage (reference A.30): every route listed by /about is called
 * over a real socket with no token, a wrong token, a revoked token and the right
 * token, and the status codes match its declared gate. /metrics parses as Prometheus
 * text and its latency histogram counts the requests made here.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

let srv: Awaited<ReturnType<typeof startGatedServer>>;
beforeAll(async () => {
  srv = await startGatedServer({ ARW_RATE_LIMIT: '100000/60', ARW_RATE_LIMIT_PUBLIC: '100000/60' });
});
afterAll(() => srv.close());

type Gate = 'public' | { admin: string } | { sync: string };
interface AboutRoute {
  method: string;
  path: string;
  gate: Gate;
}

const concrete = (path: string) => path.replace(':id', 'tok_0123456789abcdef').replace(/\/\*$/, '/envelope.json');

async function call(route: AboutRoute, token: string | undefined) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = route.method === 'POST' ? JSON.stringify(route.path === '/admin/gating' ? { deny: [] } : {}) : undefined;
  return fetch(srv.url + concrete(route.path), { method: route.method, headers, ...(body ? { body } : {}) });
}

test('every route in /about answers per its gate with no, wrong, revoked and right tokens', async () => {
  const created = (await (
    await fetch(`${srv.url}/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'doomed', kind: 'admin', scopes: ['admin:*'] }),
    })
  ).json()) as { token: { id: string }; secret: string };
  expect(
    (
      await fetch(`${srv.url}/admin/tokens/${created.token.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).status,
  ).toBe(204);
  const about = (await (await fetch(`${srv.url}/about`)).json()) as { routes: AboutRoute[] };
  const http = about.routes.filter((r) => r.method !== 'WS');
  expect(http.length).toBeGreaterThanOrEqual(12);
  for (const route of http) {
    const label = `${route.method} ${route.path}`;
    const statuses = {
      none: (await call(route, undefined)).status,
      wrong: (await call(route, 'arw_wrong-token')).status,
      revoked: (await call(route, created.secret)).status,
      right: (await call(route, ADMIN_TOKEN)).status,
    };
    if (route.gate === 'public') {
      for (const status of Object.values(statuses)) expect([401, 403, 429], label).not.toContain(status);
    } else {
      expect(statuses, label).toMatchObject({ none: 401, wrong: 401, revoked: 401 });
      expect([401, 403, 429, 500], `${label} with the right token`).not.toContain(statuses.right);
    }
  }
});

/** Minimal Prometheus text-format parser: `name{labels} value` samples. */
function parseProm(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`unparseable metrics line: ${line}`);
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

test('/metrics parses as Prometheus text and the route histogram counts the requests made', async () => {
  const count = () =>
    fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
      .then((r) => r.text())
      .then(parseProm);
  const before =
    (await count()).find((s) => s.name === 'arw_http_request_duration_seconds_count' && s.labels.route === '/healthz')
      ?.value ?? 0;
  for (let i = 0; i < 7; i += 1) expect((await fetch(`${srv.url}/healthz`)).status).toBeLessThan(504);
  const samples = await count();
  const histogramCount = samples.find(
    (s) =>
      s.name === 'arw_http_request_duration_seconds_count' &&
      s.labels.route === '/healthz' &&
      s.labels.method === 'GET',
  );
  expect(histogramCount!.value - before).toBe(7);
  const inf = samples.find(
    (s) =>
      s.name === 'arw_http_request_duration_seconds_bucket' && s.labels.route === '/healthz' && s.labels.le === '+Inf',
  );
  expect(inf!.value).toBe(histogramCount!.value);
  expect(
    samples.some(
      (s) => s.name === 'arw_http_requests_total' && s.labels.route === '/admin/tokens' && s.labels.status === '401',
    ),
  ).toBe(true);
  expect(samples.some((s) => s.name === 'arw_nats_state')).toBe(true);
  expect((await fetch(`${srv.url}/metrics`)).status).toBe(401);
});
