/**
 * Property: every read-model's view is a function of the *set* of events. Rebuilding
 * from the canonical (time, id) order and folding a shuffled stream with duplicates
 * must give deep-equal views (SPEC E4, E5; read-model contract in types.ts). The reply
 * texts and the chat turns built on them hold to the same rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope, type EventKind, type PayloadOf } from '../../spec';
import { deriveTurns } from './chat-turns';
import {
  compareEvents,
  createReadModels,
  createReplyTextsModel,
  createStageModel,
  rebuild,
  type ReadModel,
} from './index';

// Generated events: a few corr_ids, kinds from the vocabulary with payloads valid for
// their schemas, times over ~20 minutes, some severity error.

/** Generated times fall in [BASE_TIME_MS, BASE_TIME_MS + TIME_SPAN_MS). */
const BASE_TIME_MS = Date.parse('2026-03-01T10:00:00.000Z');
const TIME_SPAN_MS = 20 * 60_000;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id: 10 characters of `ms`, then `index` in base32 (unique per index). */
function ulidFor(ms: number, index: number): string {
  let time = '';
  for (let i = 0, rest = ms; i < 10; i++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32] + time;
  let random = '';
  for (let i = 0, rest = index; i < 16; i++, rest = Math.floor(rest / 32)) random = CROCKFORD[rest % 32] + random;
  return time + random;
}

const text = (max = 40) => fc.string({ maxLength: max });
const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta');
const ms = fc.integer({ min: 0, max: 60_000 });
const capability = fc.constantFrom('fs:read', 'net:http', 'gpu', 'sandbox:wasi');
const mode = fc.constantFrom('ask', 'allow', 'never');
const isoTime = fc
  .integer({ min: 0, max: TIME_SPAN_MS })
  .map((offset) => new Date(BASE_TIME_MS + offset).toISOString());
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Drops keys whose value is undefined, so payloads stay plain JSON. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const lease = fc.record({
  id: word,
  capability,
  subject: word,
  granted_by: word,
  created: isoTime,
  ttl_until: isoTime,
});

const PAYLOADS: { [K in EventKind]?: fc.Arbitrary<PayloadOf<K>> } = {
  'episode.started': fc.record({ agent: word, input: opt(text()), model: opt(word) }).map(compact),
  'episode.completed': fc
    .record({
      duration_ms: ms,
      tokens_out: opt(fc.nat(500)),
      ttft_ms: opt(ms),
      tokens_per_s: opt(fc.double({ min: 0, max: 500, noNaN: true })),
    })
    .map(compact),
  'episode.canceled': fc.record({ reason: opt(text()), duration_ms: opt(ms) }).map(compact),
  'episode.error': fc
    .record({ message: fc.string({ minLength: 1, maxLength: 30 }), error_code: opt(word) })
    .map(compact),
  'obs.recorded': fc.record({ source: fc.constantFrom('user', 'tool', 'sensor'), text: opt(text()) }).map(compact),
  'beliefs.updated': fc.record({
    beliefs: fc.array(
      fc
        .record({
          claim: fc.string({ minLength: 1, maxLength: 20 }),
          confidence: opt(fc.double({ min: 0, max: 1, noNaN: true })),
        })
        .map(compact),
      { maxLength: 4 },
    ),
  }),
  'intents.proposed': fc.record({ intent: fc.constantFrom('reply', 'use-tool'), rationale: opt(text()) }).map(compact),
  'actions.taken': fc
    .record({ action: fc.constantFrom('reply', 'write'), ok: fc.boolean(), output: opt(fc.record({ text: text() })) })
    .map(compact),
  'tokens.in': fc.record({ count: fc.nat(200) }),
  'tokens.out': fc.record({ seq: fc.nat(20), count: fc.nat(16), text: text(), final: opt(fc.boolean()) }).map(compact),
  'tool.invoked': fc.record({ tool: word, call_id: word, input: opt(fc.jsonValue({ maxDepth: 1 })) }).map(compact),
  'tool.ran': fc.record({ tool: word, call_id: word, duration_ms: ms }),
  'tool.error': fc.record({ tool: word, call_id: word, message: fc.string({ minLength: 1, maxLength: 30 }) }),
  'policy.prompt': fc.record({ prompt_id: word, tool: word, capability, subject: word, mode }),
  'policy.decision': fc.record({
    decision: fc.constantFrom('allow', 'deny'),
    capability,
    subject: word,
    mode,
    by: word,
    reason: word,
  }),
  'leases.created': fc.record({ lease }),
  'leases.revoked': fc.record({ lease_id: word }),
  'runtime.health': fc.record({ component: word, state: fc.constantFrom('ok', 'degraded', 'down') }),
  'models.changed': fc.record({ op: fc.constantFrom('add', 'loaded', 'unloaded'), id: word }),
};

/** The kinds this module can generate, all from the vocabulary. */
const GENERATED_KINDS = Object.keys(PAYLOADS) as EventKind[];

const kindAndPayload: fc.Arbitrary<{ kind: EventKind; payload: Record<string, unknown> }> = fc.oneof(
  ...GENERATED_KINDS.map((kind) =>
    (PAYLOADS[kind] as fc.Arbitrary<Record<string, unknown>>).map((payload) => ({ kind, payload })),
  ),
);

const eventDraft = fc.record({
  offset: fc.integer({ min: 0, max: TIME_SPAN_MS - 1 }),
  body: kindAndPayload,
  corr_id: opt(fc.constantFrom('corr-a', 'corr-b', 'corr-c', 'corr-d')),
  project_id: opt(fc.constantFrom('p1', 'p2')),
  actor: fc.constantFrom('device-1', 'agent-probe'),
  severity: opt(fc.constantFrom('info', 'warn', 'error') as fc.Arbitrary<'info' | 'warn' | 'error'>),
  status: opt(fc.constantFrom('ok', 'tool failed')),
});

/** A list of distinct events (unique ids), in no particular order. */
function arbitraryEvents(options: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<EventEnvelope[]> {
  return fc.array(eventDraft, { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 60 }).map((drafts) =>
    drafts.map((draft, index) => {
      const ms = BASE_TIME_MS + draft.offset;
      const event: EventEnvelope = compact({
        id: ulidFor(ms, index),
        time: new Date(ms).toISOString(),
        kind: draft.body.kind,
        v: 1,
        corr_id: draft.corr_id,
        project_id: draft.project_id,
        actor: draft.actor,
        severity: draft.severity,
        status: draft.status,
        payload: draft.body.payload,
      });
      return event;
    }),
  );
}

/** A shuffled copy of `events` with some events delivered again (as fresh copies). */
const deliveries = arbitraryEvents().chain((events) =>
  fc.record({
    events: fc.constant(events),
    shuffled: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    duplicates: fc.array(fc.record({ from: fc.nat(events.length - 1), at: fc.nat() }), { maxLength: 20 }),
    now: fc.integer({ min: BASE_TIME_MS, max: BASE_TIME_MS + 2 * TIME_SPAN_MS }),
  }),
);

function withDuplicates(
  shuffled: EventEnvelope[],
  events: EventEnvelope[],
  duplicates: { from: number; at: number }[],
): EventEnvelope[] {
  const stream = [...shuffled];
  for (const { from, at } of duplicates) {
    const original = events[from]!;
    stream.splice(at % (stream.length + 1), 0, { ...original, payload: { ...original.payload } });
  }
  return stream;
}

function allModels(): ReadModel<unknown, unknown>[] {
  const standard = Object.values(createReadModels()) as ReadModel<unknown, unknown>[];
  // Small caps make eviction happen in almost every run.
  const small = [
    createStageModel({ id: 'obs-small', prefix: 'obs.', cap: 2, ttlMs: 300_000 }),
    createStageModel({ id: 'tokens-small', prefix: 'tokens.', cap: 3 }),
  ] as ReadModel<unknown, unknown>[];
  return [...standard, ...small, createReplyTextsModel() as ReadModel<unknown, unknown>];
}

describe('read-models are order- and duplicate-independent', () => {
  it('generated events are valid per the spec contract', () => {
    fc.assert(
      fc.property(arbitraryEvents(), (events) => {
        for (const event of events) expect(validateEvent(event)).toMatchObject({ ok: true });
      }),
    );
  });

  it('view(rebuild(canonical order)) deep-equals the view of a shuffled stream with duplicates, for every model', () => {
    fc.assert(
      fc.property(deliveries, ({ events, shuffled, duplicates, now }) => {
        const canonical = [...events].sort(compareEvents);
        const stream = withDuplicates(shuffled, events, duplicates);
        for (const model of allModels()) {
          const rebuilt = model.view(rebuild(model, canonical), now);
          let state = model.init();
          for (const event of stream) state = model.apply(state, event);
          expect(model.view(state, now), model.id).toEqual(rebuilt);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('applying the same events twice changes no view', () => {
    fc.assert(
      fc.property(arbitraryEvents(), (events) => {
        for (const model of allModels()) {
          const once = rebuild(model, events);
          const viewOnce = model.view(once, BASE_TIME_MS);
          const twice = rebuild(model, [...events, ...events]);
          expect(model.view(twice, BASE_TIME_MS), model.id).toEqual(viewOnce);
        }
      }),
    );
  });
});

describe('chat turns depend only on the set of events', () => {
  it('deriveTurns of a shuffled stream with duplicates deep-equals deriveTurns of the canonical order', () => {
    fc.assert(
      fc.property(deliveries, ({ events, shuffled, duplicates }) => {
        const canonical = [...events].sort(compareEvents);
        const stream = withDuplicates(shuffled, events, duplicates);
        expect(deriveTurns(stream)).toEqual(deriveTurns(canonical));
        expect(deriveTurns(stream, { agent: 'alpha', limit: 2 })).toEqual(
          deriveTurns(canonical, { agent: 'alpha', limit: 2 }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
