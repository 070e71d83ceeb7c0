/**
 * The server's Cedar policies against a real gated server: project policies replicated
 * over /sync are listed by GET /admin/policies (admin scope, with origin and hash, beside
 * the shipped ones; a personal policy is not), the route is in /about and OpenAPI, and
 * the server's `authorize` (the same engine and `simulate` as the browser's, nodejs
 * build) lets a project forbid win over a live lease in that project only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec/envelope';
import { createSyncTestClient, type SyncTestClient } from '../support/sync-client';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

let srv: Awaited<ReturnType<typeof startGatedServer>>;
let device: SyncTestClient;

const clock = { now: () => Date.now() };
const make = createEventFactory({
  actor: 'device:laptop',
  clock,
  newId: createUlidFactory(clock.now, (n) => randomBytes(n)),
});

const FORBID = 'forbid(principal, action == Action::"net:http", resource) when { resource.host == "evil.example" };';

function saved(id: string, origin: 'personal' | 'project', project: string, text = FORBID): EventEnvelope {
  return make(
    'policies.saved',
    { policy_id: id, name: `Policy ${id}`, text, enabled: true, origin },
    { project_id: project },
  );
}

function lease(id: string, project: string): EventEnvelope {
  const now = Date.now();
  return make(
    'leases.created',
    {
      lease: {
        id,
        capability: 'net:http',
        scope: 'net://evil.example',
        subject: '*',
        granted_by: 'device:laptop',
        created: new Date(now - 1000).toISOString(),
        ttl_until: new Date(now + 15 * 60_000).toISOString(),
      },
    },
    { project_id: project },
  );
}

async function put(events: EventEnvelope[]): Promise<void> {
  device.push(events);
  await device.waitFor('events acknowledged', () => events.every((event) => device.acked.has(event.id)));
  expect(device.rejected).toEqual([]);
}

interface PoliciesBody {
  items: { id: string; name: string; origin: string; project_id?: string; enabled: boolean; hash: string }[];
}

beforeAll(async () => {
  srv = await startGatedServer();
  device = createSyncTestClient({ device: 'laptop', projects: ['p1', 'p2'] });
  await device.connect(`${srv.url.replace('http', 'ws')}/sync?token=${ADMIN_TOKEN}`);
});
afterAll(async () => {
  device?.terminate();
  await srv?.close();
});

test('GET /admin/policies lists shipped and project policies with origin and hash, behind the admin gate', async () => {
  await put([
    saved('no-evil', 'project', 'p1'),
    saved('mine-only', 'personal', 'p1'),
    lease('l1', 'p1'),
    lease('l2', 'p2'),
  ]);
  expect((await fetch(`${srv.url}/admin/policies`)).status).toBe(401);
  const res = await fetch(`${srv.url}/admin/policies`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as PoliciesBody;
  const ids = body.items.map((item) => item.id);
  expect(ids).toContain('shipped-baseline');
  expect(ids).not.toContain('mine-only');
  const project = body.items.find((item) => item.id === 'no-evil');
  expect(project).toEqual({
    id: 'no-evil',
    name: 'Policy no-evil',
    origin: 'project',
    project_id: 'p1',
    enabled: true,
    hash: createHash('sha256').update(FORBID).digest('hex'),
  });
  expect(body.items.find((item) => item.id === 'shipped-baseline')).toMatchObject({ origin: 'shipped', enabled: true });

  const about = (await (
    await fetch(`${srv.url}/about`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).json()) as { routes?: { path: string }[] };
  expect(JSON.stringify(about)).toContain('/admin/policies');
  const openapi = await (
    await fetch(`${srv.url}/spec/openapi.json`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).text();
  expect(openapi).toContain('/admin/policies');
});

test('the server decides with the same engine: a project forbid beats a live lease, in its project only', async () => {
  const request = {
    capability: 'net:http',
    scope: 'net://evil.example',
    subject: 'recipe:web',
    tool: 'http.fetch',
  };
  const p1 = await srv.parts.policies.authorize({ ...request, projectId: 'p1' });
  expect(p1).toMatchObject({ decision: 'deny', policy_ids: ['no-evil'] });
  expect(p1.reason).toContain('no-evil');
  const p2 = await srv.parts.policies.authorize({ ...request, projectId: 'p2' });
  expect(p2).toMatchObject({ decision: 'allow', lease_id: 'l2', policy_ids: ['shipped-baseline'] });

  // A change replicated over /sync counts on the next decision: switching the policy off.
  await put([
    make(
      'policies.saved',
      { policy_id: 'no-evil', name: 'off', text: FORBID, enabled: false, origin: 'project' },
      { project_id: 'p1' },
    ),
  ]);
  expect(await srv.parts.policies.authorize({ ...request, projectId: 'p1' })).toMatchObject({
    decision: 'allow',
    lease_id: 'l1',
  });
});
