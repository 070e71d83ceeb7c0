import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import { createAbortSource } from '../agent/abort';
import { createEventFactory } from '../journal';
import { createDecisionPoint, type DecisionPointDeps, type PolicyPrompt } from './decision-point';
import { applyPolicyEvent, createPolicyState } from './leases';
import type { PermissionRequest, PolicyEngine, PromptAnswer } from './types';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');

/** A decision point over a journal in memory: emitted events are folded back in, as the app's journal does. */
function setup(options: { answers?: PromptAnswer[]; engine?: PolicyEngine; ask?: DecisionPointDeps['ask'] } = {}) {
  let now = T0;
  let n = 0;
  const clock = { now: () => now };
  // 26 Crockford characters, ascending, so the events validate as envelopes.
  const newId = () => `01JE${String(++n).padStart(22, '0')}`;
  const journal: EventEnvelope[] = [];
  const state = createPolicyState();
  const prompts: PolicyPrompt[] = [];
  const answers = [...(options.answers ?? [])];
  const point = createDecisionPoint({
    make: createEventFactory({ actor: 'device:laptop', clock, newId }),
    emit: async (events) => {
      for (const event of events) {
        journal.push(event);
        applyPolicyEvent(state, event);
      }
    },
    clock,
    newId,
    state: () => state,
    ...(options.engine ? { engine: options.engine } : {}),
    ask:
      options.ask ??
      (async (prompt) => {
        prompts.push(prompt);
        const answer = answers.shift();
        if (answer === undefined) throw new Error('no answer scripted');
        return answer;
      }),
    by: 'device:laptop',
  });
  return {
    point,
    journal,
    prompts,
    kinds: () => journal.map((e) => e.kind),
    advance: (ms: number) => (now += ms),
    last: (kind: string) => journal.filter((e) => e.kind === kind).at(-1),
  };
}

const fetchExample: PermissionRequest = {
  capability: 'net:http',
  scope: 'net://example.com',
  subject: 'recipe:web',
  tool: 'http.fetch',
  corrId: 'ep-1',
  projectId: 'p1',
};

function expectEveryEventOfTheRequest(journal: EventEnvelope[], request = fetchExample) {
  for (const event of journal) {
    expect(event, event.kind).toMatchObject({ corr_id: request.corrId, project_id: request.projectId });
    expect(validateEvent(event), event.kind).toMatchObject({ ok: true });
  }
}

describe('authorize without a prompt', () => {
  it('mode never denies without asking and records the deny', async () => {
    const t = setup();
    const outcome = await t.point.authorize({ ...fetchExample, mode: 'never' });
    expect(outcome).toMatchObject({ allowed: false, by: 'policy' });
    expect(t.prompts).toEqual([]);
    expect(t.kinds()).toEqual(['policy.decision']);
    expect(t.last('policy.decision')?.payload).toMatchObject({ decision: 'deny', mode: 'never', tool: 'http.fetch' });
    expectEveryEventOfTheRequest(t.journal);
  });
  it('mode allow allows without asking', async () => {
    const t = setup();
    const outcome = await t.point.authorize({ ...fetchExample, mode: { mode: 'allow', ttl_secs: 60 } });
    expect(outcome).toMatchObject({ allowed: true, by: 'policy' });
    expect(t.prompts).toEqual([]);
    expect(t.last('policy.decision')?.payload).toMatchObject({ decision: 'allow', mode: 'allow', by: 'policy' });
  });
  it('a live lease allows, naming the lease', async () => {
    const t = setup({ answers: [{ answer: 'lease', ttl_secs: 60 }] });
    await t.point.authorize(fetchExample);
    const leaseId = (t.last('leases.created')?.payload as { lease: { id: string } }).lease.id;
    const outcome = await t.point.authorize({ ...fetchExample, scope: 'net://example.com:8080' });
    expect(outcome).toEqual({
      allowed: true,
      by: 'policy',
      lease_id: leaseId,
      reason: expect.stringContaining(leaseId),
    });
    expect(t.last('policy.decision')?.payload).toMatchObject({ decision: 'allow', lease_id: leaseId, mode: 'ask' });
  });
});

describe('authorize with a prompt', () => {
  it('a 15 min answer emits prompt, allow, lease and decision; the next call within the TTL asks nothing', async () => {
    const t = setup({ answers: [{ answer: 'lease', ttl_secs: 900 }, { answer: 'once' }] });
    const first = await t.point.authorize(fetchExample);
    expect(t.kinds()).toEqual(['policy.prompt', 'policy.allow', 'leases.created', 'policy.decision']);
    const promptId = t.prompts[0]!.prompt_id;
    expect(t.prompts[0]).toMatchObject({ request: fetchExample, ttl_secs: 3600 });
    expect(t.last('policy.prompt')?.payload).toMatchObject({ prompt_id: promptId, tool: 'http.fetch', mode: 'ask' });
    expect(t.last('policy.allow')?.payload).toMatchObject({
      prompt_id: promptId,
      ttl_secs: 900,
      decided_by: 'device:laptop',
    });
    const lease = (t.last('leases.created')!.payload as { lease: Record<string, unknown> }).lease;
    expect(lease).toMatchObject({
      capability: 'net:http',
      scope: 'net://example.com',
      subject: 'recipe:web',
      granted_by: 'device:laptop',
      created: new Date(T0).toISOString(),
      ttl_until: new Date(T0 + 900_000).toISOString(),
    });
    expect(t.last('policy.decision')?.payload).toMatchObject({
      decision: 'allow',
      lease_id: lease.id,
      ttl_secs: 900,
      by: 'device:laptop',
      prompt_id: promptId,
    });
    expect(first).toMatchObject({ allowed: true, lease_id: lease.id, by: 'device:laptop' });
    expectEveryEventOfTheRequest(t.journal);

    t.advance(899_000);
    expect(await t.point.authorize(fetchExample)).toMatchObject({ allowed: true, lease_id: lease.id });
    expect(t.prompts).toHaveLength(1);

    t.advance(1000);
    expect(await t.point.authorize(fetchExample)).toMatchObject({ allowed: true, by: 'device:laptop' });
    expect(t.prompts).toHaveLength(2);
  });
  it('allow once grants no lease, so the next call asks again', async () => {
    const t = setup({ answers: [{ answer: 'once' }, { answer: 'deny' }] });
    expect(await t.point.authorize(fetchExample)).toMatchObject({ allowed: true });
    expect(t.kinds()).toEqual(['policy.prompt', 'policy.allow', 'policy.decision']);
    expect(await t.point.authorize(fetchExample)).toMatchObject({ allowed: false, by: 'device:laptop' });
    expect(t.kinds().slice(3)).toEqual(['policy.prompt', 'policy.deny', 'policy.decision']);
    expect(t.last('policy.decision')?.payload).toMatchObject({ decision: 'deny', mode: 'ask' });
  });
  it('clamps an answered TTL to 1 s .. 24 h', async () => {
    const t = setup({ answers: [{ answer: 'lease', ttl_secs: 10 * 86_400 }] });
    await t.point.authorize(fetchExample);
    expect(t.last('leases.created')?.payload).toMatchObject({
      lease: { ttl_until: new Date(T0 + 86_400_000).toISOString() },
    });
  });
  it('offers the TTL the mode sets', async () => {
    const t = setup({ answers: [{ answer: 'once' }] });
    await t.point.authorize({ ...fetchExample, mode: { mode: 'ask', ttl_secs: 900 } });
    expect(t.prompts[0]!.ttl_secs).toBe(900);
  });
  it('never adds a never rule, and later calls deny without a prompt', async () => {
    const t = setup({ answers: [{ answer: 'never' }] });
    expect(await t.point.authorize(fetchExample)).toMatchObject({ allowed: false, by: 'device:laptop' });
    expect(t.kinds()).toEqual(['policy.prompt', 'policy.deny', 'policy.never.added', 'policy.decision']);
    expect(t.last('policy.never.added')?.payload).toMatchObject({
      capability: 'net:http',
      scope: 'net://example.com',
      subject: 'recipe:web',
      by: 'device:laptop',
    });
    expectEveryEventOfTheRequest(t.journal);
    const later = await t.point.authorize({ ...fetchExample, scope: 'net://example.com:81' });
    expect(later).toMatchObject({ allowed: false, by: 'policy', reason: expect.stringContaining('never-list') });
    expect(t.prompts).toHaveLength(1);
  });
});

describe('fail closed', () => {
  it('an engine forbid denies before any mode, even allow', async () => {
    const t = setup({ engine: { forbids: () => ({ forbid: true, reason: 'no fetches on Sundays' }) } });
    const outcome = await t.point.authorize({ ...fetchExample, mode: 'allow' });
    expect(outcome).toEqual({ allowed: false, by: 'policy', reason: 'no fetches on Sundays' });
    expect(t.kinds()).toEqual(['policy.decision']);
  });
  it('an engine that throws or rejects denies with the reason', async () => {
    for (const engine of [
      {
        forbids: () => {
          throw new Error('cedar crashed');
        },
      },
      { forbids: () => Promise.reject(new Error('cedar crashed')) },
    ]) {
      const t = setup({ engine });
      const outcome = await t.point.authorize({ ...fetchExample, mode: 'allow' });
      expect(outcome).toMatchObject({ allowed: false, reason: expect.stringContaining('cedar crashed') });
      expect(t.last('policy.decision')?.payload).toMatchObject({
        decision: 'deny',
        reason: expect.stringContaining('cedar crashed'),
      });
    }
  });
  it('an engine that does not forbid lets the decision go on', async () => {
    const t = setup({ engine: { forbids: async () => ({ forbid: false }) } });
    expect(await t.point.authorize({ ...fetchExample, mode: 'allow' })).toMatchObject({ allowed: true });
  });
  it('a stop while the prompt waits denies and records why', async () => {
    const stop = createAbortSource();
    let asked!: () => void;
    const prompted = new Promise<void>((resolve) => (asked = resolve));
    const t = setup({ ask: () => (asked(), new Promise<PromptAnswer>(() => undefined)) });
    const pending = t.point.authorize(fetchExample, stop.signal);
    await prompted;
    expect(t.kinds()).toEqual(['policy.prompt']);
    stop.abort();
    expect(await pending).toMatchObject({ allowed: false, reason: expect.stringContaining('stopped') });
    expect(t.kinds()).toEqual(['policy.prompt', 'policy.decision']);
    expect(t.last('policy.decision')?.payload).toMatchObject({ decision: 'deny', mode: 'ask' });
    expectEveryEventOfTheRequest(t.journal);
  });
  it('a stop before the call asks nothing', async () => {
    const stop = createAbortSource();
    stop.abort();
    const t = setup();
    expect(await t.point.authorize(fetchExample, stop.signal)).toMatchObject({ allowed: false });
    expect(t.kinds()).toEqual(['policy.decision']);
  });
  it('a prompt that fails, or an unknown answer, denies', async () => {
    const t = setup({ answers: [] });
    expect(await t.point.authorize(fetchExample)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('no answer scripted'),
    });
    const odd = setup({ answers: [{ answer: 'maybe' } as unknown as PromptAnswer] });
    expect(await odd.point.authorize(fetchExample)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('maybe'),
    });
  });
  it('a journal that refuses the events denies, without throwing', async () => {
    const clock = { now: () => T0 };
    let n = 0;
    const newId = () => `01JE${String(++n).padStart(22, '0')}`;
    const tried: string[] = [];
    const point = createDecisionPoint({
      make: createEventFactory({ actor: 'd', clock, newId }),
      emit: (events) => (tried.push(...events.map((e) => e.kind)), Promise.reject(new Error('quota exceeded'))),
      clock,
      newId,
      state: createPolicyState,
      ask: async () => ({ answer: 'once' }),
      by: 'd',
    });
    expect(await point.authorize({ ...fetchExample, mode: 'allow' })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('quota exceeded'),
    });
    // The allow it could not record, then the deny it tried to record instead.
    expect(tried).toEqual(['policy.decision', 'policy.decision']);
  });
});
