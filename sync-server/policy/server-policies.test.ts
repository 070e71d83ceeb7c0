/**
 * The server's policy fold over a real store: live appends and a rebuild at start give
 * the same list; personal saves stay out; a Cedar that fails to load denies (fail closed).
 */
import { afterEach, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import { openServerDb, type ServerDb } from '../storage/db';
import { createEventStore } from '../storage/event-store';
import { createServerPolicies } from './server-policies';

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const dbs: ServerDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

function setup() {
  const db = openServerDb(':memory:');
  dbs.push(db);
  const store = createEventStore(db, { now: () => START });
  const clock = { now: () => START };
  let n = 0;
  const make = createEventFactory({
    actor: 'dev',
    clock,
    newId: createUlidFactory(clock.now, (size) => new Uint8Array(size).fill(n++ % 200)),
  });
  const saved = (id: string, origin: 'personal' | 'project', text = 'forbid(principal, action, resource);') =>
    make('policies.saved', { policy_id: id, name: id, text, enabled: true, origin }, { project_id: 'p1' });
  return { store, make, saved };
}

it('follows appends and rebuilds to the same list; personal saves stay out', () => {
  const { store, make, saved } = setup();
  const live = createServerPolicies(store, { now: () => START, device: 'srv' });
  store.append([saved('shared', 'project'), saved('mine', 'personal'), saved('gone', 'project')], { origin: 'test' });
  store.append([make('policies.removed', { policy_id: 'gone' }, { project_id: 'p1' })], { origin: 'test' });
  const ids = live.list().map((policy) => policy.id);
  expect(ids).toContain('shared');
  expect(ids).not.toContain('mine');
  expect(ids).not.toContain('gone');
  const rebuilt = createServerPolicies(store, { now: () => START, device: 'srv' });
  expect(rebuilt.list()).toEqual(live.list());
  live.close();
  rebuilt.close();
});

it('a Cedar that fails to load denies with the reason', async () => {
  const { store, saved } = setup();
  store.append([saved('shared', 'project')], { origin: 'test' });
  const policies = createServerPolicies(store, {
    now: () => START,
    device: 'srv',
    load: () => Promise.reject(new Error('no wasm here')),
  });
  const verdict = await policies.authorize({
    capability: 'net:http',
    scope: 'net://a.example',
    subject: 'recipe:x',
    tool: 'http.fetch',
    projectId: 'p1',
    mode: 'allow',
  });
  expect(verdict).toMatchObject({ decision: 'deny', reason: expect.stringContaining('no wasm here') });
  // In another project only the baseline applies: decided without Cedar.
  expect(
    await policies.authorize({ capability: 'gpu', subject: 'recipe:x', tool: 't', projectId: 'p2', mode: 'allow' }),
  ).toMatchObject({ decision: 'allow', policy_ids: ['shipped-baseline'] });
  policies.close();
});
