/**
 * GET /state/leases against a real gated server: lease events replicated over /sync are
 * folded by core's policy fold; the view lists live leases only (a revoke or a past
 * ttl_until removes one), answers 304 while the live set is unchanged, and a token scoped
 * to one project sees only that project's leases.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec/envelope';
import { createSyncTestClient, type SyncTestClient } from '../support/sync-client';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

let srv: Awaited<ReturnType<typeof startGatedServer>>;
let p1Token = '';
let device: SyncTestClient;

const clock = { now: () => Date.now() };
const make = createEventFactory({
  actor: 'device:laptop',
  clock,
  newId: createUlidFactory(clock.now, (n) => randomBytes(n)),
});

function leaseEvent(id: string, project: string, fromNowMs: { created: number; until: number }): EventEnvelope {
  const now = Date.now();
  return make(
    'leases.created',
    {
      lease: {
        id,
        capability: 'net:http',
        scope: 'net://example.com',
        subject: 'recipe:web',
        granted_by: 'device:laptop',
        created: new Date(now + fromNowMs.created).toISOString(),
        ttl_until: new Date(now + fromNowMs.until).toISOString(),
      },
    },
    { project_id: project, corr_id: `ep-${id}` },
  );
}

async function put(events: EventEnvelope[]): Promise<void> {
  device.push(events);
  await device.waitFor('events acknowledged', () => events.every((event) => device.acked.has(event.id)));
  expect(device.rejected).toEqual([]);
}

interface LeaseBody {
  version: number;
  items: { id: string; capability: string; scope?: string; time_left_ms: number; ttl_until: string }[];
}

const get = (query: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/state/leases${query}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

beforeAll(async () => {
  srv = await startGatedServer();
  const res = await fetch(`${srv.url}/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'phone', kind: 'sync', scopes: ['events:read', 'state:read'], projects: ['p1'] }),
  });
  expect(res.status).toBe(201);
  p1Token = ((await res.json()) as { secret: string }).secret;
  device = createSyncTestClient({ device: 'laptop', projects: ['p1', 'p2'] });
  await device.connect(`${srv.url.replace('http', 'ws')}/sync?token=${ADMIN_TOKEN}`);
});
afterAll(async () => {
  device?.terminate();
  await srv?.close();
});

test('lists live leases of the project only: a revoked or expired one is gone, another project is not visible', async () => {
  await put([
    leaseEvent('live', 'p1', { created: -1000, until: 15 * 60_000 }),
    leaseEvent('doomed', 'p1', { created: -1000, until: 15 * 60_000 }),
    leaseEvent('old', 'p1', { created: -2 * 3600_000, until: -3600_000 }),
    leaseEvent('elsewhere', 'p2', { created: -1000, until: 15 * 60_000 }),
  ]);
  await put([make('leases.revoked', { lease_id: 'doomed', by: 'device:phone' }, { project_id: 'p1' })]);

  const res = await get('?project=p1', p1Token);
  expect(res.status).toBe(200);
  const body = (await res.json()) as LeaseBody;
  expect(body.items.map((item) => item.id)).toEqual(['live']);
  expect(body.items[0]).toMatchObject({
    capability: 'net:http',
    scope: 'net://example.com',
    subject: 'recipe:web',
    granted_by: 'device:laptop',
  });
  expect(Object.keys(body.items[0]!).sort()).toEqual(
    ['capability', 'created', 'granted_by', 'id', 'scope', 'subject', 'time_left_ms', 'ttl_until'].sort(),
  );
  expect(body.items[0]!.time_left_ms).toBeGreaterThan(14 * 60_000);
  expect(body.items[0]!.time_left_ms).toBeLessThanOrEqual(15 * 60_000);

  // The project-scoped token cannot see p2, nor everything at once.
  expect((await get('?project=p2', p1Token)).status).toBe(403);
  expect((await get('', p1Token)).status).toBe(403);
  // A token that reaches every project sees both live leases without a filter.
  const all = (await (await get('', ADMIN_TOKEN)).json()) as LeaseBody;
  expect(all.items.map((item) => item.id).sort()).toEqual(['elsewhere', 'live']);
});

test('answers 304 while the live leases stay the same, and 200 once a revoke changes them', async () => {
  await put([leaseEvent('etag', 'p3', { created: -1000, until: 600_000 })]);
  const first = await get('?project=p3', ADMIN_TOKEN);
  const etag = first.headers.get('etag');
  expect(etag).toMatch(/^W\/"state-leases-v\d+-/);
  expect(((await first.json()) as LeaseBody).items.map((item) => item.id)).toEqual(['etag']);
  expect((await get('?project=p3', ADMIN_TOKEN, { 'if-none-match': etag! })).status).toBe(304);

  await put([make('leases.revoked', { lease_id: 'etag' }, { project_id: 'p3' })]);
  const after = await get('?project=p3', ADMIN_TOKEN, { 'if-none-match': etag! });
  expect(after.status).toBe(200);
  expect(after.headers.get('etag')).not.toBe(etag);
  expect((await after.json()) as LeaseBody).toMatchObject({ items: [] });
});

test('is listed in /about with the state:read gate', async () => {
  const about = (await (await fetch(`${srv.url}/about`)).json()) as { routes: { path: string; gate: unknown }[] };
  expect(about.routes.find((route) => route.path === '/state/leases')).toMatchObject({ gate: { sync: 'state:read' } });
  expect((await fetch(`${srv.url}/state/leases?project=p1`)).status).toBe(401);
});
