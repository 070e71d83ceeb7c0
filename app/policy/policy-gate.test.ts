/**
 * The permission service deciding with the policies store's list (as main.tsx wires it):
 * a decision waits until the store has read the journal's `policies.*` history, and when
 * that read fails every call is denied with the reason (fail closed), in `allow` mode and
 * under a lease too; the tester's simulate says the same. Real service, store and stream
 * over the in-memory journal; only the store's one read is made to wait or fail.
 */
import { afterEach, expect, test } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import type { Journal } from '../../core/journal/types';
import { createReadModels } from '../../core/read-models';
import type { PermissionRequest } from '../../core/policy/types';
import { createPolicyService } from '../state/policy';
import { createStream } from '../state/stream';
import { createMemoryJournal } from '../state/testing/memory-journal';
import { createPolicyServices } from './policy-services';
import { createPolicyStore } from './policy-store';

const clock = { now: () => Date.now() };
let n = 0;
const newId = () => `01J${String(++n).padStart(23, '0')}`;
const make = createEventFactory({ actor: 'device:a', clock, newId });
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((run) => run()));

const WRITE: PermissionRequest = {
  capability: 'fs:write',
  scope: 'path://notes/a.md',
  subject: 'agent:chat',
  tool: 'files.write',
  projectId: 'p1',
  mode: 'allow',
};

/** The app's wiring over a journal whose `policies.*` history read is held until `release` (or fails). */
async function wire(read: Promise<void>) {
  const journal = createMemoryJournal();
  const reads: Pick<Journal, 'query' | 'append'> = {
    append: (event) => journal.append(event),
    query: async (query) => {
      if (query.kindPrefixes?.includes('policies.')) await read;
      return journal.query(query);
    },
  };
  const stream = createStream(journal, createReadModels(), { clock });
  const errors: unknown[] = [];
  const store = createPolicyStore({
    journal: reads,
    recentEvents: stream.recentEvents,
    make,
    validate: async () => ({ ok: true }),
    onError: (error) => errors.push(error),
  });
  const policy = createPolicyService({
    journal,
    stream,
    make,
    clock,
    newId,
    actor: 'device:a',
    project: () => 'p1',
    policies: store.list,
    policiesReady: store.ready,
  });
  cleanups.push(() => (policy.dispose(), stream.dispose()));
  await Promise.all([stream.ready, policy.ready]);
  return { journal, policy, services: createPolicyServices(store, policy), errors };
}

test('a decision waits for the policies’ history, then decides with it', async () => {
  let release!: () => void;
  const { policy } = await wire(new Promise<void>((resolve) => (release = resolve)));
  let settled = false;
  const decided = policy.authorize(WRITE).then((outcome) => ((settled = true), outcome));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(settled).toBe(false);
  release();
  expect(await decided).toMatchObject({ allowed: true });
});

test('when the policies cannot be read, every call is denied with the reason, and the tester says the same', async () => {
  const { policy, services, journal, errors } = await wire(Promise.reject(new Error('the disk went away')));
  await policy.grant({ capability: 'fs:write', scope: 'notes/*', ttl_secs: 600 });
  const outcome = await policy.authorize({ ...WRITE, mode: 'ask', corrId: 'ep-1' });
  expect(outcome).toMatchObject({ allowed: false, reason: expect.stringMatching(/policies could not be read/) });
  expect((await policy.authorize(WRITE)).allowed).toBe(false);
  const decision = journal.events.find((event) => event.kind === 'policy.decision' && event.corr_id === 'ep-1');
  expect(decision?.payload).toMatchObject({ decision: 'deny', reason: expect.stringMatching(/could not be read/) });
  expect(await services.simulate(WRITE)).toMatchObject({ decision: 'deny', mode: 'allow' });
  expect(errors).toHaveLength(1);
});
