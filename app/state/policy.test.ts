import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../core/errors';
import { createEventFactory } from '../../core/journal/event-factory';
import { isoTime } from '../../core/lib/clock';
import { createReadModels } from '../../core/read-models';
import type { PermissionRequest } from '../../core/policy/types';
import { createPolicyService, type PolicyService } from './policy';
import { createStream, type Stream } from './stream';
import { createMemoryJournal, type MemoryJournal } from './testing/memory-journal';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const ME = 'device:me';
const OTHER = 'device:other';
let seq = 0;
const newId = () => `01J${String(++seq).padStart(23, '0')}`;
const clock = { now: () => Date.now() };
const mine = createEventFactory({ actor: ME, clock, newId });
const theirs = createEventFactory({ actor: OTHER, clock, newId });

const leaseEvent = (make: typeof mine, by: string, options: { ttlMs: number; id?: string; capability?: string }) =>
  make(
    'leases.created',
    {
      lease: {
        id: options.id ?? newId(),
        capability: options.capability ?? 'net:http',
        scope: 'net://example.com',
        subject: '*',
        granted_by: by,
        created: isoTime(Date.now()),
        ttl_until: isoTime(Date.now() + options.ttlMs),
      },
    },
    { project_id: 'p1' },
  );

const request: PermissionRequest = {
  capability: 'net:http',
  scope: 'net://example.com',
  subject: 'agent:chat',
  tool: 'http.fetch',
  corrId: 'ep-1',
  projectId: 'p1',
};

let opened: { stream: Stream; policy: PolicyService }[] = [];
function open(journal: MemoryJournal) {
  const stream = createStream(journal, createReadModels(), { clock, batchMs: 50 });
  const policy = createPolicyService({ journal, stream, make: mine, clock, newId, actor: ME, project: () => 'p1' });
  opened.push({ stream, policy });
  return { stream, policy };
}
/** Opened and loaded: the stream's rebuild is done too, so live events wait for its batch window. */
async function start(journal: MemoryJournal) {
  const parts = open(journal);
  await Promise.all([parts.stream.ready, parts.policy.ready]);
  return parts;
}
const kinds = (journal: MemoryJournal, prefix: string) =>
  journal.events.filter((event) => event.kind.startsWith(prefix)).map((event) => event.kind);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  for (const { stream, policy } of opened) {
    policy.dispose();
    stream.dispose();
  }
  opened = [];
  vi.useRealTimers();
});

describe('createPolicyService: the fold', () => {
  it('folds every lease and never event of the journal at start, across query pages', async () => {
    const initial = Array.from({ length: 1003 }, () => leaseEvent(theirs, OTHER, { ttlMs: 60_000 }));
    initial.push(theirs('leases.revoked', { lease_id: String(initial[0]!.payload['lease']!['id' as never]) }));
    initial.push(theirs('policy.never.added', { capability: 'fs:write', by: OTHER }));
    const journal = createMemoryJournal(initial);
    const { policy } = await start(journal);
    expect(policy.leases()).toHaveLength(1002);
    expect(policy.nevers()).toEqual([{ capability: 'fs:write' }]);
  });

  it('a lease and a revoke from another device arrive through the stream and count at once', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    const created = leaseEvent(theirs, OTHER, { ttlMs: 60_000 });
    await journal.ingest([created]);
    await vi.advanceTimersByTimeAsync(50);
    expect(policy.leases().map((lease) => lease.granted_by)).toEqual([OTHER]);
    const leaseId = policy.leases()[0]!.id;
    await journal.ingest([theirs('leases.revoked', { lease_id: leaseId, by: OTHER })]);
    await vi.advanceTimersByTimeAsync(50);
    expect(policy.leases()).toEqual([]);
  });

  it('decisionsFor lists one episode’s policy and lease events in order, nothing of other episodes', async () => {
    const journal = createMemoryJournal();
    const { policy, stream } = await start(journal);
    const prompt = {
      prompt_id: 'q1',
      tool: 'http.fetch',
      capability: 'net:http',
      subject: 'agent:chat',
      mode: 'ask' as const,
    };
    await journal.appendBatch([
      mine('policy.prompt', prompt, { corr_id: 'ep-1' }),
      mine('tool.invoked', { tool: 'http.fetch', call_id: 'c1' }, { corr_id: 'ep-1' }),
      mine('policy.prompt', { ...prompt, prompt_id: 'q2' }, { corr_id: 'ep-2' }),
      leaseEvent(mine, ME, { ttlMs: 1000 }),
    ]);
    await vi.advanceTimersByTimeAsync(50);
    stream.flush();
    expect(policy.decisionsFor('ep-1').map((event) => event.payload['prompt_id'])).toEqual(['q1']);
  });
});

describe('createPolicyService: grants, revokes and the never-list', () => {
  it('grant makes a lease for any agent, recorded as policy.decision then leases.created', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    const lease = await policy.grant({ capability: 'net:http', scope: 'https://Example.com/a', ttl_secs: 900 });
    expect(lease).toMatchObject({ subject: '*', scope: 'net://example.com', granted_by: ME, ttl_until: T0 + 900_000 });
    expect(kinds(journal, '')).toEqual(['policy.decision', 'leases.created']);
    expect(journal.events[0]!.payload).toMatchObject({ decision: 'allow', by: ME, lease_id: lease.id, ttl_secs: 900 });
    expect(journal.events.every((event) => event.project_id === 'p1')).toBe(true);
    // Folded at once, before the stream's batch.
    expect(policy.leases().map((live) => live.id)).toEqual([lease.id]);
    expect(policy.leases()[0]!.time_left_ms).toBe(900_000);
  });

  it('grant refuses a bad field with a message naming it and writes nothing', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    const refused = await policy.grant({ capability: 'net:http', scope: 'not a host', ttl_secs: 900 }).catch((e) => e);
    expect(isAppError(refused) && refused.code).toBe('policy-grant-invalid');
    expect(String(refused.message)).toMatch(/scope: “not a host” is not a host name/);
    const tooLong = await policy.grant({ capability: 'net:http', ttl_secs: 90_000 }).catch((e) => e);
    expect(String(tooLong.message)).toMatch(/ttl_secs: a lease lasts 1 s to 1 day/);
    expect(journal.events).toEqual([]);
  });

  it('revoke ends the lease at once and records leases.revoked by this device', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    const lease = await policy.grant({ capability: 'fs:read', scope: 'notes/*', ttl_secs: 3600 });
    await policy.revoke(lease.id, 'done');
    expect(policy.leases()).toEqual([]);
    expect(journal.events.at(-1)).toMatchObject({ kind: 'leases.revoked', payload: { lease_id: lease.id, by: ME } });
    await expect(policy.revoke(lease.id)).rejects.toThrow(/no live lease has the id/);
  });

  it('a never rule added shows in the never-list and Remove clears it', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    await policy.addNever({ capability: 'net:http', scope: 'net://evil.example' });
    expect(policy.nevers()).toEqual([{ capability: 'net:http', scope: 'net://evil.example' }]);
    await policy.removeNever(policy.nevers()[0]!);
    expect(policy.nevers()).toEqual([]);
    expect(kinds(journal, 'policy.never.')).toEqual(['policy.never.added', 'policy.never.removed']);
  });
});

describe('createPolicyService: expiry and time left', () => {
  it('a lease this device granted gets one leases.expired when its end passes; another device’s does not', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    const lease = await policy.grant({ capability: 'net:http', ttl_secs: 2 });
    await journal.ingest([leaseEvent(theirs, OTHER, { ttlMs: 1000 })]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(kinds(journal, 'leases.expired')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(journal.events.filter((e) => e.kind === 'leases.expired').map((e) => e.payload['lease_id'])).toEqual([
      lease.id,
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(kinds(journal, 'leases.expired')).toHaveLength(1);
    expect(policy.leases()).toEqual([]);
  });

  it('at start, this device’s leases already past their end are marked expired once, not again on the next start', async () => {
    const ended = leaseEvent(mine, ME, { ttlMs: 1000, id: 'lease-old' });
    const journal = createMemoryJournal([ended, leaseEvent(theirs, OTHER, { ttlMs: 1000 })]);
    vi.setSystemTime(T0 + 5000);
    await start(journal);
    await vi.advanceTimersByTimeAsync(0);
    expect(journal.events.filter((e) => e.kind === 'leases.expired').map((e) => e.payload['lease_id'])).toEqual([
      'lease-old',
    ]);
    await start(journal);
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds(journal, 'leases.expired')).toHaveLength(1);
  });

  it('now ticks each second while a lease is live, moving its time left, and stops after', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    await vi.advanceTimersByTimeAsync(3000);
    expect(policy.now()).toBe(T0); // nothing live: no tick
    await policy.grant({ capability: 'gpu', ttl_secs: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(policy.leases()[0]!.time_left_ms).toBe(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(policy.leases()).toEqual([]);
    const stopped = policy.now();
    await vi.advanceTimersByTimeAsync(5000);
    expect(policy.now()).toBe(stopped);
  });
});

describe('createPolicyService: prompts', () => {
  it('ask waits in pending until answered; answer resolves it and removes it', async () => {
    const { policy } = open(createMemoryJournal());
    const answered = policy.ask({ prompt_id: 'q1', request, ttl_secs: 3600 });
    expect(policy.pending()).toEqual([{ prompt_id: 'q1', request, ttl_secs: 3600, asked_at: T0 }]);
    policy.answer('q1', { answer: 'lease', ttl_secs: 900 });
    await expect(answered).resolves.toEqual({ answer: 'lease', ttl_secs: 900 });
    expect(policy.pending()).toEqual([]);
    policy.answer('q1', { answer: 'deny' }); // a second answer (the other copy of the card) is ignored
  });

  it('an aborted ask leaves pending and rejects with the abort reason', async () => {
    const { policy } = open(createMemoryJournal());
    const controller = new AbortController();
    const asked = policy.ask({ prompt_id: 'q2', request, ttl_secs: 3600 }, controller.signal);
    expect(policy.pending()).toHaveLength(1);
    controller.abort(new Error('episode stopped'));
    await expect(asked).rejects.toThrow('episode stopped');
    expect(policy.pending()).toEqual([]);
  });
});

describe('createPolicyService: the decision point', () => {
  it('an ask prompts through pending; Allow 15 min makes a lease, so the next call runs without asking', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    const first = policy.authorize(request);
    await vi.advanceTimersByTimeAsync(0);
    expect(policy.pending().map((prompt) => prompt.request.tool)).toEqual(['http.fetch']);
    policy.answer(policy.pending()[0]!.prompt_id, { answer: 'lease', ttl_secs: 900 });
    await expect(first).resolves.toMatchObject({ allowed: true, by: ME });
    const second = await policy.authorize({ ...request, scope: 'net://example.com:8080' });
    expect(second).toMatchObject({ allowed: true, by: 'policy' });
    expect(policy.pending()).toEqual([]);
    expect(kinds(journal, '')).toEqual([
      'policy.prompt',
      'policy.allow',
      'leases.created',
      'policy.decision',
      'policy.decision',
    ]);
  });

  it('a revoke from another device makes the next call ask again', async () => {
    const journal = createMemoryJournal();
    const { policy } = await start(journal);
    const lease = await policy.grant({ capability: 'net:http', scope: 'example.com', ttl_secs: 3600 });
    expect(await policy.authorize(request)).toMatchObject({ allowed: true, lease_id: lease.id });
    await journal.ingest([theirs('leases.revoked', { lease_id: lease.id, by: OTHER }, { project_id: 'p1' })]);
    await vi.advanceTimersByTimeAsync(50);
    const next = policy.authorize(request);
    await vi.advanceTimersByTimeAsync(0);
    expect(policy.pending()).toHaveLength(1);
    policy.answer(policy.pending()[0]!.prompt_id, { answer: 'deny' });
    await expect(next).resolves.toMatchObject({ allowed: false });
  });

  it('a call stopped while its prompt waits is denied and its card leaves pending', async () => {
    const { policy } = await start(createMemoryJournal());
    const controller = new AbortController();
    const call = policy.authorize(request, controller.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(policy.pending()).toHaveLength(1);
    controller.abort(new Error('stopped'));
    await expect(call).resolves.toMatchObject({ allowed: false, reason: expect.stringMatching(/stopped/) });
    expect(policy.pending()).toEqual([]);
  });
});
