import { describe, expect, it } from 'vitest';
import type { EventEnvelope, EventKind, PayloadOf } from '../../spec';
import { applyPolicyEvent, createPolicyState, findLease, findNever, liveLeases, MAX_LEASE_MS, nevers } from './leases';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
let seq = 0;
/** Ids sort in creation order, like ULIDs. */
function ev<K extends EventKind>(kind: K, payload: PayloadOf<K>, project_id = 'p1'): EventEnvelope {
  seq += 1;
  return {
    id: `E${String(seq).padStart(8, '0')}`,
    time: new Date(T0).toISOString(),
    kind,
    v: 1,
    actor: 'dev-a',
    project_id,
    payload,
  };
}

function created(id: string, extra: Partial<PayloadOf<'leases.created'>['lease']> = {}, project = 'p1') {
  return ev(
    'leases.created',
    {
      lease: {
        id,
        capability: 'net:http',
        scope: 'net://example.com',
        subject: 'recipe:web',
        granted_by: 'dev-a',
        created: new Date(T0).toISOString(),
        ttl_until: new Date(T0 + 900_000).toISOString(),
        ...extra,
      },
    },
    project,
  );
}

const request = { capability: 'net:http', scope: 'net://example.com', subject: 'recipe:web', projectId: 'p1' };

function fold(events: EventEnvelope[]) {
  const state = createPolicyState();
  for (const event of events) applyPolicyEvent(state, event);
  return state;
}

describe('the lease fold', () => {
  it('a created lease is live until its TTL passes, without any event', () => {
    const state = fold([created('L1')]);
    expect(liveLeases(state, T0 + 1000).map((l) => l.id)).toEqual(['L1']);
    expect(liveLeases(state, T0 + 1000)[0]).toMatchObject({ created: T0, ttl_until: T0 + 900_000, project_id: 'p1' });
    expect(findLease(state, request, T0 + 899_999)?.id).toBe('L1');
    expect(liveLeases(state, T0 + 900_000)).toEqual([]);
    expect(findLease(state, request, T0 + 900_000)).toBeUndefined();
  });
  it('a revoked or expired lease is not live, even when the end arrives first', () => {
    const revoke = ev('leases.revoked', { lease_id: 'L1', by: 'dev-b' });
    const expire = ev('leases.expired', { lease_id: 'L2' });
    for (const events of [
      [created('L1'), created('L2'), revoke, expire],
      [revoke, expire, created('L2'), created('L1')],
    ]) {
      const state = fold(events);
      expect(liveLeases(state, T0)).toEqual([]);
      expect(findLease(state, request, T0)).toBeUndefined();
    }
  });
  it('repeated delivery changes nothing', () => {
    const events = [created('L1'), ev('leases.revoked', { lease_id: 'L9' })];
    const state = fold([...events, ...events]);
    expect(state.version).toBe(2);
    expect(liveLeases(state, T0).map((l) => l.id)).toEqual(['L1']);
  });
  it('caps a lease at 24 h from its creation whatever its event says', () => {
    const state = fold([created('L1', { ttl_until: new Date(T0 + 7 * MAX_LEASE_MS).toISOString() })]);
    expect(liveLeases(state, T0)[0]!.ttl_until).toBe(T0 + MAX_LEASE_MS);
  });
  it('ignores events of other kinds and malformed payloads', () => {
    const bad = { ...created('L1'), payload: { lease: { id: 'L1' } } };
    const state = fold([bad, ev('obs.recorded', { source: 'user', text: 'hi' })]);
    expect(state.version).toBe(0);
    expect(liveLeases(state, T0)).toEqual([]);
  });
  it('lists one project with a filter, oldest first', () => {
    const later = created('L0', { created: new Date(T0 + 5).toISOString() }, 'p2');
    const state = fold([later, created('L1')]);
    expect(liveLeases(state, T0 + 10).map((l) => l.id)).toEqual(['L1', 'L0']);
    expect(liveLeases(state, T0 + 10, 'p2').map((l) => l.id)).toEqual(['L0']);
  });
});

describe('findLease', () => {
  it('matches the capability and covers the scope', () => {
    const state = fold([created('L1'), created('F1', { capability: 'fs:read', scope: 'path://notes/*' })]);
    expect(findLease(state, { ...request, scope: 'net://example.com:8080' }, T0)?.id).toBe('L1');
    expect(findLease(state, { ...request, scope: 'net://example.org' }, T0)).toBeUndefined();
    expect(findLease(state, { ...request, capability: 'fs:read', scope: 'path://notes/a.md' }, T0)?.id).toBe('F1');
    expect(findLease(state, { ...request, capability: 'fs:read', scope: 'path://notes/x/a.md' }, T0)).toBeUndefined();
    expect(findLease(state, { ...request, capability: 'fs:write', scope: 'path://notes/a.md' }, T0)).toBeUndefined();
  });
  it('a lease for * covers any subject; otherwise only its own', () => {
    const state = fold([created('L1'), created('A1', { capability: 'project:write', scope: undefined, subject: '*' })]);
    expect(findLease(state, { ...request, subject: 'agent:chat' }, T0)).toBeUndefined();
    const any = { capability: 'project:write', scope: 'project://write', projectId: 'p1' };
    expect(findLease(state, { ...any, subject: 'agent:chat' }, T0)?.id).toBe('A1');
    expect(findLease(state, { ...any, subject: 'recipe:web' }, T0)?.id).toBe('A1');
  });
  it('a lease made in a project covers only calls in that project', () => {
    const state = fold([created('L1')]);
    expect(findLease(state, { ...request, projectId: 'p2' }, T0)).toBeUndefined();
    expect(findLease(state, { ...request, projectId: undefined }, T0)).toBeUndefined();
  });
  it('ignores the budget unless set; when set, allowed decisions naming the lease spend it', () => {
    const use = (leaseId: string, decision: 'allow' | 'deny' = 'allow') =>
      ev('policy.decision', {
        decision,
        capability: 'net:http',
        subject: 'recipe:web',
        mode: 'ask',
        by: 'policy',
        reason: 'lease',
        lease_id: leaseId,
      });
    const uses = [use('L1'), use('L1'), use('L1'), use('B2'), use('B2', 'deny')];
    const state = fold([created('L1'), created('B2', { budget: 2 }), ...uses]);
    expect(findLease(state, request, T0)?.id).toBe('L1');
    const budgeted = fold([created('B2', { budget: 2 }), use('B2'), use('B2', 'deny')]);
    expect(findLease(budgeted, request, T0)?.id).toBe('B2');
    const second = use('B2');
    applyPolicyEvent(budgeted, second);
    applyPolicyEvent(budgeted, second);
    expect(findLease(budgeted, request, T0)).toBeUndefined();
    expect(liveLeases(budgeted, T0)).toEqual([]);
  });
  it('keeps no event ids beyond its live leases: repeats are still counted once, ended leases forget theirs', () => {
    const use = (leaseId: string) =>
      ev('policy.decision', {
        decision: 'allow',
        capability: 'net:http',
        subject: 'recipe:web',
        mode: 'ask',
        by: 'policy',
        reason: 'lease',
        lease_id: leaseId,
      });
    const decisions = Array.from({ length: 500 }, () => use('L1'));
    const state = fold([created('L1', { budget: 1000 }), ...decisions, ...decisions]);
    expect(state.uses.get('L1')).toBe(500);
    expect(state.counted.get('L1')?.size).toBe(500);
    const version = state.version;
    for (const event of [created('L1', { budget: 1000 }), ...decisions.slice(0, 10)]) applyPolicyEvent(state, event);
    expect(state.version).toBe(version); // a later creation of the same lease and the repeats change nothing
    applyPolicyEvent(state, ev('leases.expired', { lease_id: 'L1' }));
    expect(state.counted.size).toBe(0);
    for (const event of decisions) applyPolicyEvent(state, event);
    expect(state.counted.size).toBe(0);
    expect(Object.keys(state)).not.toContain('seen');
  });
  it('indexes leases by capability, so a call looks only at the grants of its own capability', () => {
    const caps = ['net:http', 'fs:read', 'fs:write', 'project:read'];
    const events = Array.from({ length: 1000 }, (_, i) =>
      created(`X${i}`, { capability: caps[i % 4]!, scope: `net://h${i}.example.com`, subject: `recipe:r${i}` }),
    );
    const state = fold(events);
    expect(state.byCapability.get('net:http')).toHaveLength(250);
    expect(findLease(state, { ...request, subject: 'recipe:r996', scope: 'net://h996.example.com' }, T0)?.id).toBe(
      'X996',
    );
  });
});

describe('the never-list', () => {
  const never = (kind: 'policy.never.added' | 'policy.never.removed', scope?: string, subject?: string) =>
    ev(kind, { capability: 'net:http', by: 'dev-a', ...(scope ? { scope } : {}), ...(subject ? { subject } : {}) });

  it('lists added rules and drops removed ones; the newest event decides whatever the arrival order', () => {
    const add = never('policy.never.added', 'net://example.com');
    const remove = never('policy.never.removed', 'net://example.com');
    const again = never('policy.never.added', 'net://example.com');
    expect(nevers(fold([add]))).toEqual([{ capability: 'net:http', scope: 'net://example.com' }]);
    expect(nevers(fold([add, remove]))).toEqual([]);
    expect(nevers(fold([remove, add]))).toEqual([]);
    expect(nevers(fold([again, remove, add]))).toHaveLength(1);
  });
  it('denies requests its scope covers, for its subject or anyone', () => {
    const state = fold([
      never('policy.never.added', 'net://*.evil.org'),
      never('policy.never.added', undefined, 'recipe:x'),
    ]);
    expect(findNever(state, { ...request, scope: 'net://a.evil.org' })).toMatchObject({ scope: 'net://*.evil.org' });
    expect(findNever(state, request)).toBeUndefined();
    expect(findNever(state, { ...request, subject: 'recipe:x' })).toMatchObject({ subject: 'recipe:x' });
    expect(findNever(state, { ...request, capability: 'fs:read', subject: 'recipe:x' })).toBeUndefined();
  });
});
