/**
 * The server surface in process: registry walk (every route gated, in /about), tokens
 * (hash only, rotate, revoke, expiry), rate limits with headers, gating, problem
 * details, validation, body limits (Content-Length and chunked), CORS, /spec ETags.
 */
import { Parser } from '@asyncapi/parser';
import { describe, expect, test } from 'vitest';
import { loadConfig } from './config';
import { buildServer, type AppDeps } from './app';
import { sha256Hex } from './auth/secrets';
import { createServerMetrics } from './metrics/server-metrics';
import { openServerDb } from './storage/db';

const ADMIN = 'test-admin-token-0123456789abcdef';

function server(env: Record<string, string> = {}, extra: Partial<AppDeps> = {}) {
  let now = 1_700_000_000_000;
  const db = openServerDb(':memory:');
  const metrics = createServerMetrics();
  const parts = buildServer({
    staticDir: '/nonexistent-static',
    dataDir: '/tmp',
    version: '9.9.9',
    config: loadConfig(env),
    db,
    metrics,
    presetAdminDigests: [sha256Hex(ADMIN)],
    now: () => now,
    ...extra,
  });
  const call = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return parts.app.request(path, { ...init, headers });
  };
  const createToken = async (body: unknown) => {
    const res = await call('/admin/tokens', { method: 'POST', token: ADMIN, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return (await res.json()) as { token: { id: string; hash_prefix: string }; secret: string };
  };
  return { ...parts, db, metrics, call, createToken, advance: (ms: number) => void (now += ms) };
}

describe('route registry and /about', () => {
  test('walking the router: every mounted route is declared in the registry with a gate', () => {
    const { app, registry } = server();
    const declared = new Set(registry.list().map((r) => `${r.method} ${r.path}`));
    const mounted = app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/*' && r.path !== '*');
    expect(mounted.length).toBeGreaterThan(5);
    for (const route of mounted)
      expect(declared, `${route.method} ${route.path} has no declared gate`).toContain(`${route.method} ${route.path}`);
    for (const route of registry.list())
      expect(route.gate === 'public' || 'admin' in route.gate || 'sync' in route.gate).toBe(true);
  });

  test('GET /about lists every declared route with method, path, gate, description and the event kinds', async () => {
    const { call, registry } = server();
    registry.upgrade(
      {
        path: '/yjs/:doc',
        gate: { sync: 'yjs:connect' },
        gatingKey: 'yjs:connect',
        description: 'y-websocket',
        channel: 'yjs',
        maxPayload: 1024,
      },
      (ws) => ws.close(),
    );
    const about = (await (await call('/about')).json()) as {
      routes: { method: string; path: string; gate: unknown; description: string }[];
      event_kinds: { kind: string }[];
      counts: { total: number };
      version: string;
    };
    expect(about.version).toBe('9.9.9');
    for (const route of registry.list()) {
      expect(about.routes).toContainEqual(
        expect.objectContaining({
          method: route.method,
          path: route.path,
          gate: route.gate,
          description: route.description,
        }),
      );
    }
    expect(about.counts.total).toBe(registry.list().length);
    expect(about.event_kinds.map((k) => k.kind)).toContain('episode.started');
  });

  test('a route declared twice is refused', () => {
    const { registry } = server();
    expect(() =>
      registry.route({ method: 'GET', path: '/about', gate: 'public', description: 'again' }, (c) => c.text('x')),
    ).toThrow(/declared twice/);
  });
});

describe('tokens', () => {
  test('create shows the secret once; list shows only a hash prefix; the store holds only the SHA-256', async () => {
    const s = server();
    const { token, secret } = await s.createToken({ label: 'ci', kind: 'admin', scopes: ['admin:tokens'] });
    expect(secret).toMatch(/^arw_[A-Za-z0-9_-]{43}$/);
    const list = await (await s.call('/admin/tokens', { token: ADMIN })).text();
    expect(list).not.toContain(secret);
    expect(list).not.toContain(sha256Hex(secret));
    expect(list).toContain(token.hash_prefix);
    const rows = s.db.prepare('SELECT * FROM auth_tokens').all();
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).toContain(sha256Hex(secret));
    expect((await s.call('/admin/tokens', { token: secret })).status).toBe(200);
  });

  test('ARW_ADMIN_TOKEN_SHA256 alone authenticates the plaintext it hashes', async () => {
    const plain = 's3cret-preset-token-value';
    const s = server({ ARW_ADMIN_TOKEN_SHA256: sha256Hex(plain) }, { presetAdminDigests: [sha256Hex(plain)] });
    expect((await s.call('/admin/gating', { token: plain })).status).toBe(200);
    expect((await s.call('/admin/gating', { headers: { 'x-arw-admin': plain } })).status).toBe(200);
  });

  test('rotate issues a new secret and the old one gets 401; revoke gets 401; expiry gets 401', async () => {
    const s = server();
    const first = await s.createToken({ label: 'a', kind: 'admin', scopes: ['admin:gating'] });
    const rotated = (await (
      await s.call(`/admin/tokens/${first.token.id}/rotate`, { method: 'POST', token: ADMIN })
    ).json()) as { secret: string; token: { id: string } };
    expect((await s.call('/admin/gating', { token: first.secret })).status).toBe(401);
    expect((await s.call('/admin/gating', { token: rotated.secret })).status).toBe(200);
    expect((await s.call(`/admin/tokens/${rotated.token.id}`, { method: 'DELETE', token: ADMIN })).status).toBe(204);
    const revoked = await s.call('/admin/gating', { token: rotated.secret });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'unauthorized', detail: expect.stringContaining('revoked') });
    const short = await s.createToken({ label: 'b', kind: 'admin', scopes: ['admin:gating'], expires_in_secs: 60 });
    s.advance(61_000);
    expect((await s.call('/admin/gating', { token: short.secret })).status).toBe(401);
  });

  test('a token without the route’s scope gets 403; a sync token never passes an admin gate', async () => {
    const s = server();
    const gatingOnly = await s.createToken({ label: 'g', kind: 'admin', scopes: ['admin:gating'] });
    expect((await s.call('/admin/tokens', { token: gatingOnly.secret })).status).toBe(403);
    const sync = await s.createToken({ label: 's', kind: 'sync', scopes: ['events:read'], projects: ['p1'] });
    expect((await s.call('/admin/gating', { token: sync.secret })).status).toBe(403);
  });
});

describe('rate limits', () => {
  test('N admin requests pass, N+1 gets 429 with Retry-After and RateLimit-* headers; after the window slides they pass', async () => {
    const s = server({ ARW_RATE_LIMIT: '3/60' });
    for (let i = 0; i < 3; i += 1) {
      const res = await s.call('/admin/gating', { token: ADMIN });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(2 - i));
      s.advance(1000);
    }
    const limited = await s.call('/admin/gating', { token: ADMIN });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('57');
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(await limited.json()).toMatchObject({ status: 429, code: 'rate-limited' });
    s.advance(57_000);
    expect((await s.call('/admin/gating', { token: ADMIN })).status).toBe(200);
  });

  test('failed authentication costs the IP more: a few wrong tokens exhaust the budget for everyone on that IP', async () => {
    const s = server({ ARW_RATE_LIMIT: '10/60', ARW_AUTH_FAILURE_COST: '5' });
    expect((await s.call('/admin/gating', { token: 'wrong-token-1' })).status).toBe(401);
    expect((await s.call('/admin/gating', { token: 'wrong-token-2' })).status).toBe(401);
    expect((await s.call('/admin/gating', { token: ADMIN })).status).toBe(429);
  });

  test('rejections are counted in arw_rate_limited_total', async () => {
    const s = server({ ARW_RATE_LIMIT: '1/60' });
    await s.call('/admin/gating', { token: ADMIN });
    await s.call('/admin/gating', { token: ADMIN });
    expect(await s.metrics.render()).toMatch(/arw_rate_limited_total\{group="admin"\} 1/);
  });
});

describe('gating keys', () => {
  test('ARW_GATING_DENY denies a route with 403 naming the key; POST /admin/gating changes it at runtime', async () => {
    const s = server({ ARW_GATING_DENY: 'introspect:*' });
    const denied = await s.call('/about');
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'gated', gating_key: 'introspect:about' });
    const set = await s.call('/admin/gating', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ deny: ['admin:tokens'] }),
    });
    expect(await set.json()).toMatchObject({ deny: ['admin:tokens'] });
    expect((await s.call('/about')).status).toBe(200);
    expect((await s.call('/admin/tokens', { token: ADMIN })).status).toBe(403);
  });

  test('401 comes before gate evaluation', async () => {
    const s = server({ ARW_GATING_DENY: 'admin:tokens' });
    expect((await s.call('/admin/tokens')).status).toBe(401);
  });
});

describe('errors and input', () => {
  test('a bad body answers 400 problem+json naming the field', async () => {
    const s = server();
    const res = await s.call('/admin/tokens', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ label: 'x', kind: 'sync', scopes: ['admin:tokens'] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('invalid-request');
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body.scopes.0', 'body.projects']));
    expect((await s.call('/admin/tokens', { method: 'POST', token: ADMIN, body: '{not json' })).status).toBe(400);
    expect((await s.call('/admin/tokens/nope', { method: 'DELETE', token: ADMIN })).status).toBe(400);
  });

  test('bodies over the limit get 413, with Content-Length or chunked, and nothing is stored', async () => {
    const s = server({ ARW_BODY_LIMIT_BYTES: '1024' });
    const big = JSON.stringify({ label: 'x'.repeat(2000), kind: 'admin', scopes: ['admin:tokens'] });
    const withLength = await s.call('/admin/tokens', {
      method: 'POST',
      token: ADMIN,
      body: big,
      headers: { 'content-length': String(big.length) },
    });
    expect(withLength.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i += 1) controller.enqueue(new TextEncoder().encode(big.slice(i * 600, (i + 1) * 600)));
        controller.close();
      },
    });
    const chunked = await s.call('/admin/tokens', {
      method: 'POST',
      token: ADMIN,
      body: stream,
      headers: { 'transfer-encoding': 'chunked' },
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ code: 'payload-too-large' });
    expect(s.tokens.list()).toHaveLength(0);
  });

  test('unknown API routes are 404 problem JSON; security headers stay; CORS is closed unless configured', async () => {
    const s = server();
    const res = await s.call('/admin/nothing.json');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not-found' });
    const about = await s.call('/about', { headers: { origin: 'https://evil.example' } });
    expect(about.headers.get('access-control-allow-origin')).toBeNull();
    expect(about.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(about.headers.get('content-security-policy')).toContain("script-src 'self'");
    const open = server({ ARW_ALLOWED_ORIGINS: 'https://hub.example' });
    const allowed = await open.call('/about', { headers: { origin: 'https://hub.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://hub.example');
    expect(
      (
        await open.call('/about', {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
        })
      ).status,
    ).toBe(403);
  });

  test('the request context echoes a request id and Server-Timing', async () => {
    const res = await server().call('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(res.headers.get('server-timing')).toMatch(/^total;dur=/);
  });
});

describe('/spec', () => {
  test('artifacts are served with an ETag and 304 on If-None-Match', async () => {
    const s = server();
    for (const path of [
      '/spec',
      '/spec/openapi.json',
      '/spec/asyncapi.yaml',
      '/spec/mcp-tools.json',
      '/spec/schemas/envelope.json',
      '/spec/schemas/events/episode.started.json',
      '/spec/schemas/recipe_manifest.json',
    ]) {
      const res = await s.call(path);
      expect(res.status, path).toBe(200);
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect((await s.call(path, { headers: { 'if-none-match': etag } })).status).toBe(304);
    }
    expect((await s.call('/spec/schemas/../package.json')).status).toBe(404);
    expect((await s.call('/spec/schemas/nope.json')).status).toBe(404);
  });

  test('the OpenAPI document lists every registered route (WebSocket routes as GET with x-websocket)', async () => {
    const s = server();
    const doc = (await (await s.call('/spec/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const route of s.registry.list()) {
      const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\/\*$/, '/{path}');
      const method = route.method === 'WS' ? 'get' : route.method.toLowerCase();
      expect(doc.paths[path]?.[method], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  test('the AsyncAPI document is valid for the official parser and has one channel per event kind', async () => {
    const s = server();
    const text = await (await s.call('/spec/asyncapi.yaml')).text();
    const { document, diagnostics } = await new Parser().parse(text);
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    const about = (await (await s.call('/about')).json()) as { event_kinds: { kind: string }[] };
    expect(document!.channels().length).toBe(about.event_kinds.length);
    // The official parser alone takes ~4.5 s on one idle core (its spectral rules), more under load.
  }, 30_000);
});
