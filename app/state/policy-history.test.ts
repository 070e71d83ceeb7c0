import { describe, expect, it, vi } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { isoTime } from '../../core/lib/clock';
import { applyPolicyEvent, createPolicyState, leaseUses } from '../../core/policy/leases';
import { readPolicyHistory } from './policy-history';
import { createMemoryJournal } from './testing/memory-journal';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
let seq = 0;
const newId = () => `01J${String(++seq).padStart(23, '0')}`;
const clock = { now: () => T0 };
const make = createEventFactory({ actor: 'device:me', clock, newId });

const lease = (id: string, ttlMs: number, budget?: number) =>
  make(
    'leases.created',
    {
      lease: {
        id,
        capability: 'net:http',
        scope: 'net://example.com',
        subject: '*',
        granted_by: 'device:me',
        created: isoTime(T0),
        ttl_until: isoTime(T0 + ttlMs),
        ...(budget === undefined ? {} : { budget }),
      },
    },
    { project_id: 'p1' },
  );
const use = (leaseId: string) =>
  make(
    'policy.decision',
    {
      decision: 'allow',
      capability: 'net:http',
      subject: '*',
      mode: 'ask',
      by: 'policy',
      reason: 'lease',
      lease_id: leaseId,
    },
    { project_id: 'p1' },
  );

describe('the policy history read at start', () => {
  it('reads decisions only back to the oldest live lease, and the budget still counts every use of it', async () => {
    const journal = createMemoryJournal();
    // Years of tool calls on leases long gone, then one live lease with a budget and three uses.
    await journal.appendBatch([lease('old', -1), ...Array.from({ length: 2500 }, () => use('old'))]);
    await journal.appendBatch([lease('live', 3_600_000, 5), use('live'), use('live'), use('live')]);
    const query = vi.spyOn(journal, 'query');
    const events = await readPolicyHistory(journal, T0);
    const decisionsRead = events.filter((event) => event.kind === 'policy.decision').length;
    expect(decisionsRead).toBeLessThan(1000 + 3); // at most one page beyond the live lease's creation
    expect(events.map((event) => event.seq)).toEqual([...events.map((event) => event.seq)].sort((a, b) => a - b));
    const state = createPolicyState();
    for (const event of events) applyPolicyEvent(state, event);
    expect(leaseUses(state, 'live')).toBe(3);
    expect(query.mock.calls.filter(([q]) => q.kindPrefixes?.includes('policy.decision')).length).toBe(1);
  });

  it('reads no decisions at all when no lease is live', async () => {
    const journal = createMemoryJournal();
    await journal.appendBatch([lease('old', -1), use('old'), use('old')]);
    const events = await readPolicyHistory(journal, T0);
    expect(events.map((event) => event.kind)).toEqual(['leases.created']);
  });
});
