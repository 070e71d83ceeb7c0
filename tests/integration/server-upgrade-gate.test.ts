/**
 * H1 (one gate for every way in), H10 (Host allow-list) and H11 (JSON bodies need a JSON
 * content type) against a real server on a loopback port: WebSocket upgrades obey the
 * same rate limit, failed-auth cost, scope, project and gating keys as HTTP routes, and
 * every refusal is problem+json.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { probeUpgrade } from '../support/upgrade-probe';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

type Server = Awaited<ReturnType<typeof startGatedServer>>;
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(env: Record<string, string> = {}): Promise<Server> {
  const server = await startGatedServer(env);
  servers.push(server);
  return server;
}

async function createToken(server: Server, body: object): Promise<{ id: string; secret: string }> {
  const res = await fetch(`${server.url}/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  const json = (await res.json()) as { token: { id: string }; secret: string };
  return { id: json.token.id, secret: json.secret };
}

/** Upgrade attempts with wrong tokens until the first 429; returns how many were answered 401 first. */
async function attemptsBefore429(url: string, limit = 200): Promise<number> {
  for (let attempt = 0; attempt < limit; attempt++) {
    const answer = await probeUpgrade(`${url}?token=wrong-token-${attempt}`);
    if (answer.status === 429) {
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      return attempt;
    }
    expect(answer.status).toBe(401);
  }
  throw new Error(`no 429 after ${limit} wrong tokens on ${url}`);
}

describe('H1: one gate for every way in', () => {
  test('H1: a brute-force loop of wrong tokens on /yjs gets 429 at the same budget as /sync', async () => {
    const env = { ARW_RATE_LIMIT_SYNC: '30/60', ARW_AUTH_FAILURE_COST: '5' };
    const yjs = await start(env);
    const yjsAttempts = await attemptsBefore429(`${yjs.url}/yjs/p1/notes`);
    const sync = await start(env);
    const syncAttempts = await attemptsBefore429(`${sync.url}/sync`);
    expect(yjsAttempts).toBe(syncAttempts);
    expect(yjsAttempts).toBe(6); // 30 per window at 5 a failure
    // The budget is shared: once /yjs used it up, /sync from the same address is limited too.
    expect((await probeUpgrade(`${yjs.url}/sync?token=another-wrong-one`)).status).toBe(429);
  });

  test('H1: a gated upgrade is refused with problem+json naming the gating key, on /yjs and on /sync', async () => {
    const server = await start({ ARW_GATING_DENY: 'yjs:connect,events:read' });
    for (const path of ['/yjs/p1/notes', '/sync']) {
      const answer = await probeUpgrade(`${server.url}${path}?token=${ADMIN_TOKEN}`);
      expect(answer.status, path).toBe(403);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(answer.body) as { code: string; gating_key: string; detail: string; instance: string };
      expect(problem.code).toBe('gated');
      expect(problem.gating_key).toBe(path === '/sync' ? 'events:read' : 'yjs:connect');
      expect(problem.instance).toBe(path);
    }
  });

  test('H1: every upgrade refusal is problem+json: unknown path, bad document name, no token, wrong scope, other project, foreign Origin', async () => {
    const server = await start();
    const reader = await createToken(server, {
      label: 'reader',
      kind: 'sync',
      scopes: ['events:read'],
      projects: ['p1'],
    });
    const p1 = await createToken(server, { label: 'p1', kind: 'sync', scopes: ['yjs:connect'], projects: ['p1'] });
    const cases: Array<[string, Record<string, string>, number, string]> = [
      [`/nowhere?token=${ADMIN_TOKEN}`, {}, 404, 'not-found'],
      [`/yjs/%E0%A4%A?token=${ADMIN_TOKEN}`, {}, 400, 'invalid-request'],
      ['/yjs/p1/notes', {}, 401, 'unauthorized'],
      [`/yjs/p1/notes?token=${reader.secret}`, {}, 403, 'forbidden'],
      [`/yjs/p2/notes?token=${p1.secret}`, {}, 403, 'forbidden'],
      [`/yjs/no-project?token=${p1.secret}`, {}, 403, 'forbidden'],
      [`/yjs/p1/notes?token=${p1.secret}`, { Origin: 'https://evil.example' }, 403, 'forbidden'],
    ];
    for (const [path, headers, status, code] of cases) {
      const answer = await probeUpgrade(`${server.url}${path}`, headers);
      expect(answer.status, path).toBe(status);
      expect(answer.headers['content-type'], path).toBe('application/problem+json');
      expect((JSON.parse(answer.body) as { code: string }).code, path).toBe(code);
    }
    expect((await probeUpgrade(`${server.url}/yjs/p1/notes?token=${p1.secret}`)).status).toBe(101);
  });
});

describe('H10: Host allow-list', () => {
  test('H10: requests and upgrades whose Host is not this server are refused; IP, loopback and listed names are served', async () => {
    const server = await start({ ARW_ALLOWED_HOSTS: 'hub.example.org,.lan' });
    const port = new URL(server.url).port;
    const get = (host: string) => rawGet(server.url, '/healthz', host);
    for (const host of [`evil.example:${port}`, 'rebind.attacker.test', 'example.org']) {
      const answer = await get(host);
      expect(answer.status, host).toBe(403);
      expect((JSON.parse(answer.body) as { code: string }).code).toBe('host-not-allowed');
      const upgrade = await probeUpgrade(`${server.url}/sync?token=${ADMIN_TOKEN}`, { Host: host });
      expect(upgrade.status, host).toBe(403);
      expect((JSON.parse(upgrade.body) as { code: string }).code).toBe('host-not-allowed');
    }
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'app.localhost',
      'hub.example.org',
      'nas.lan',
      `10.1.2.3:${port}`,
    ]) {
      expect((await get(host)).status, host).toBe(200);
    }
    expect((await probeUpgrade(`${server.url}/sync?token=${ADMIN_TOKEN}`, { Host: 'hub.example.org' })).status).toBe(
      101,
    );
  });

  test('H10: /healthz does not reveal the data directory', async () => {
    const server = await start();
    const body = await (await fetch(`${server.url}/healthz`)).text();
    expect(body).not.toContain('/tmp');
    expect(JSON.parse(body)).toMatchObject({ ok: true, storage: { writable: true } });
    expect(body).not.toContain('data_dir');
  });
});

describe('H11: a JSON body needs a JSON content type', () => {
  test('H11: a token create with text/plain is refused with 415 naming the header; with application/json it is created', async () => {
    const server = await start();
    const body = JSON.stringify({ label: 'ci', kind: 'admin', scopes: ['admin:tokens'] });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };
      if (type) headers['content-type'] = type;
      const res = await fetch(`${server.url}/admin/tokens`, {
        method: 'POST',
        headers,
        body: type ? body : new Blob([body]),
      });
      expect(res.status, String(type)).toBe(415);
      const problem = (await res.json()) as { code: string; errors: { path: string }[] };
      expect(problem.code).toBe('unsupported-media-type');
      expect(problem.errors[0]!.path).toContain('content-type');
    }
    const listed = (await (
      await fetch(`${server.url}/admin/tokens`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { items: unknown[] };
    expect(listed.items).toHaveLength(0);
    const ok = await fetch(`${server.url}/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body,
    });
    expect(ok.status).toBe(201);
  });
});

/** A GET with an explicit Host header (fetch does not let one set it). */
async function rawGet(base: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const { request } = await import('node:http');
  const target = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
