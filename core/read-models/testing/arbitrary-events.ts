/**
 * fast-check arbitraries for read-model property tests: valid events of the vocabulary
 * (payloads valid for their schemas) over a few corr_ids, times over ~20 minutes in no
 * particular order, some severity error, and redeliveries of them.
 */
import fc from 'fast-check';
import type { EventEnvelope, EventKind, PayloadOf } from '../../../spec';

/** Generated times fall in [BASE_TIME_MS, BASE_TIME_MS + TIME_SPAN_MS). */
export const BASE_TIME_MS = Date.parse('2026-03-01T10:00:00.000Z');
export const TIME_SPAN_MS = 20 * 60_000;

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
export const GENERATED_KINDS = Object.keys(PAYLOADS) as EventKind[];

const kindAndPayload: fc.Arbitrary<{ kind: EventKind; payload: Record<string, unknown> }> = fc.oneof(
  ...GENERATED_KINDS.map((kind) =>
    (PAYLOADS[kind] as fc.Arbitrary<Record<string, unknown>>).map((payload) => ({ kind, payload })),
  ),
);

const eventDraft = (corrIds: readonly string[]) =>
  fc.record({
    offset: fc.integer({ min: 0, max: TIME_SPAN_MS - 1 }),
    body: kindAndPayload,
    corr_id: opt(fc.constantFrom(...corrIds)),
    project_id: opt(fc.constantFrom('p1', 'p2')),
    actor: fc.constantFrom('device-1', 'agent-probe'),
    severity: opt(fc.constantFrom('info', 'warn', 'error') as fc.Arbitrary<'info' | 'warn' | 'error'>),
    status: opt(fc.constantFrom('ok', 'tool failed')),
  });

/** A list of distinct events (unique ids), in no particular order. */
export function arbitraryEvents(
  options: { minLength?: number; maxLength?: number; corrIds?: readonly string[] } = {},
): fc.Arbitrary<EventEnvelope[]> {
  const corrIds = options.corrIds ?? ['corr-a', 'corr-b', 'corr-c', 'corr-d'];
  return fc
    .array(eventDraft(corrIds), { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 60 })
    .map((drafts) =>
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
export const deliveries = arbitraryEvents().chain((events) =>
  fc.record({
    events: fc.constant(events),
    shuffled: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    duplicates: fc.array(fc.record({ from: fc.nat(events.length - 1), at: fc.nat() }), { maxLength: 20 }),
    now: fc.integer({ min: BASE_TIME_MS, max: BASE_TIME_MS + 2 * TIME_SPAN_MS }),
  }),
);

export function withDuplicates(
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
