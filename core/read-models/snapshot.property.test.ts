/**
 * SPEC §8: snapshot + tail == full rebuild. On random journals (several corr_ids, every
 * stage kind, tool errors, times not monotonic, redeliveries inside the recent-ids
 * window), fold the first k deliveries, take a snapshot through JSON, restore it and
 * fold the rest: every view, and the state itself, deep-equals the full fold's. Caps
 * small enough to evict (maxEpisodes 3, stage cap 4) and the defaults both run.
 * A snapshot that does not fit is refused, never half-used.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import {
  applyToReadModels,
  createReadModels,
  READ_MODEL_SNAPSHOT_VERSION,
  restoreReadModels,
  snapshotReadModels,
  type ReadModelOptions,
} from './index';
import { arbitraryEvents, BASE_TIME_MS, TIME_SPAN_MS } from './testing/arbitrary-events';
import { foldAll, viewsOf } from './testing/fold';

const CORR_IDS = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'];
const TAKEN = '2026-03-01T11:00:00.000Z';

/** As a journal hands them out: plain JSON (the store and the wire drop -0 and undefined). */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A delivery stream: journal order with some events delivered again soon after, and a split point. */
const journals = arbitraryEvents({ maxLength: 80, corrIds: CORR_IDS }).chain((events) =>
  fc.record({
    events: fc.constant(asJson(events)),
    repeats: fc.array(fc.record({ from: fc.nat(events.length - 1), after: fc.nat(40) }), { maxLength: 15 }),
    split: fc.nat(),
    now: fc.integer({ min: BASE_TIME_MS, max: BASE_TIME_MS + 2 * TIME_SPAN_MS }),
    options: fc.constantFrom<ReadModelOptions>(
      { maxEpisodes: 3, cap: 4, ttlMs: 300_000 },
      { maxEpisodes: 1, cap: 1 },
      { maxEpisodes: 2, cap: 2, ttlMs: 60_000 },
      {},
    ),
  }),
);

function deliveriesOf(events: readonly EventEnvelope[], repeats: { from: number; after: number }[]) {
  const slots: EventEnvelope[][] = events.map((event) => [event]);
  for (const { from, after } of repeats) {
    slots[Math.min(events.length - 1, from + after)]!.push(asJson(events[from]!));
  }
  return slots.flat();
}

describe('snapshot + tail == full rebuild (SPEC §8)', () => {
  it('restoring a snapshot taken after k deliveries and folding the rest gives the full fold', () => {
    fc.assert(
      fc.property(journals, ({ events, repeats, split, now, options }) => {
        const stream = deliveriesOf(events, repeats);
        const k = split % (stream.length + 1);
        const models = createReadModels(options);
        const full = foldAll(models, stream);

        const head = foldAll(models, stream.slice(0, k));
        const stored = JSON.parse(JSON.stringify(snapshotReadModels(models, head, k, TAKEN))) as unknown;
        // Folding on after taking it must not change what was taken.
        for (const event of stream.slice(k)) applyToReadModels(models, head, asJson(event));

        const restored = restoreReadModels(createReadModels(options), stored);
        if (!restored.ok) throw new Error(restored.reason);
        expect(restored.position).toBe(k);
        for (const event of stream.slice(k)) applyToReadModels(models, restored.states, event);

        expect(viewsOf(models, restored.states, now)).toEqual(viewsOf(models, full, now));
        expect(snapshotReadModels(models, restored.states, 0, TAKEN)).toEqual(
          snapshotReadModels(models, full, 0, TAKEN),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a snapshot of a restored state equals the stored one (the JSON form is lossless)', () => {
    fc.assert(
      fc.property(journals, ({ events, repeats, options }) => {
        const models = createReadModels(options);
        const taken = asJson(snapshotReadModels(models, foldAll(models, deliveriesOf(events, repeats)), 7, TAKEN));
        const restored = restoreReadModels(models, taken);
        if (!restored.ok) throw new Error(restored.reason);
        expect(snapshotReadModels(models, restored.states, 7, TAKEN)).toEqual(taken);
      }),
      { numRuns: 100 },
    );
  });

  it('a snapshot with another version, other options or garbage inside is refused with a reason', () => {
    const garbage = fc.oneof(
      fc.jsonValue(),
      fc.anything(),
      fc.jsonValue().map((states) => ({ states })),
      fc.jsonValue().map((states) => ({
        format: 'arw.read-models',
        version: READ_MODEL_SNAPSHOT_VERSION,
        position: 0,
        taken: TAKEN,
        options: createReadModels().options,
        states,
      })),
    );
    fc.assert(
      fc.property(journals, garbage, ({ events, options }, junk) => {
        const models = createReadModels(options);
        const good = asJson(snapshotReadModels(models, foldAll(models, events), events.length, TAKEN));
        const refusals = [
          restoreReadModels(models, { ...good, version: READ_MODEL_SNAPSHOT_VERSION + 1 }),
          restoreReadModels(models, { ...good, format: 'arw.other' }),
          restoreReadModels(createReadModels({ ...options, maxEpisodes: (options.maxEpisodes ?? 2000) + 1 }), good),
          restoreReadModels(createReadModels({ ...options, cap: (options.cap ?? 256) + 1 }), good),
          restoreReadModels(createReadModels({ ...options, ttlMs: (options.ttlMs ?? 600_000) + 1 }), good),
        ];
        for (const refusal of refusals) {
          expect(refusal.ok).toBe(false);
          if (!refusal.ok) expect(refusal.reason).toMatch(/\w{3,}/);
        }
        const junkResult = restoreReadModels(models, junk);
        expect(junkResult.ok).toBe(false);
        if (!junkResult.ok) expect(junkResult.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: 200 },
    );
  });
});
