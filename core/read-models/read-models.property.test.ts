/**
 * Properties of the read-model folds (read-model contract in types.ts):
 * - The five standard models, folded with applyToReadModels, give views that depend only
 *   on the *set* of events while no episode is evicted (fewer corr_ids than maxEpisodes):
 *   a shuffled stream with duplicates inside the recent-ids window deep-equals the
 *   rebuild from the canonical (time, id) order. The stage cap keeps the newest `cap` by
 *   (time, id), which is order-independent, so it holds with small caps too.
 * - At the episodes cap, which episode is evicted depends on what came before, so the
 *   view is order-dependent there. What still holds: in journal order, redeliveries
 *   inside the window change nothing (incremental == rebuilt), at any cap.
 * - The reply texts and the chat turns built on them depend only on the set of events.
 * Snapshot + tail == full rebuild is in snapshot.property.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import { deriveTurns } from './chat-turns';
import {
  applyToReadModels,
  compareEvents,
  createReadModels,
  createReplyTextsModel,
  initReadModelStates,
  rebuild,
  type ReadModelOptions,
  type ReadModels,
} from './index';
import { arbitraryEvents, BASE_TIME_MS, deliveries, TIME_SPAN_MS, withDuplicates } from './testing/arbitrary-events';
import { foldAll, viewsOf } from './testing/fold';

/** Option sets: the defaults, and caps small enough that stage items are evicted in most runs. */
const OPTION_SETS: ReadModelOptions[] = [{}, { cap: 2, ttlMs: 300_000 }, { cap: 3 }];

describe('read-models are order- and duplicate-independent below the episodes cap', () => {
  it('generated events are valid per the spec contract', () => {
    fc.assert(
      fc.property(arbitraryEvents(), (events) => {
        for (const event of events) expect(validateEvent(event)).toMatchObject({ ok: true });
      }),
    );
  });

  it('the views of a shuffled stream with duplicates deep-equal those of the canonical order', () => {
    fc.assert(
      fc.property(deliveries, ({ events, shuffled, duplicates, now }) => {
        const canonical = [...events].sort(compareEvents);
        const stream = withDuplicates(shuffled, events, duplicates);
        for (const options of OPTION_SETS) {
          const models = createReadModels(options);
          expect(viewsOf(models, foldAll(models, stream), now), JSON.stringify(options)).toEqual(
            viewsOf(models, foldAll(models, canonical), now),
          );
        }
        const replies = createReplyTextsModel();
        let state = replies.init();
        for (const event of stream) state = replies.apply(state, event);
        expect(replies.view(state, now)).toEqual(replies.view(rebuild(replies, canonical), now));
      }),
      { numRuns: 200 },
    );
  });

  it('applying the same events twice changes no view, and the repeats are reported as duplicates', () => {
    fc.assert(
      fc.property(arbitraryEvents(), (events) => {
        for (const options of OPTION_SETS) {
          const models = createReadModels(options);
          const once = foldAll(models, events);
          const twice = initReadModelStates(models);
          for (const event of events) applyToReadModels(models, twice, event);
          for (const event of events) expect(applyToReadModels(models, twice, { ...event })).toBe(false);
          expect(viewsOf(models, twice, BASE_TIME_MS)).toEqual(viewsOf(models, once, BASE_TIME_MS));
        }
      }),
    );
  });
});

/** Journal order with each redelivery placed after its original, at most `window` events later. */
const redelivered = (window: number) =>
  arbitraryEvents({ maxLength: 80, corrIds: ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'] }).chain((events) =>
    fc.record({
      events: fc.constant(events),
      repeats: fc.array(fc.record({ from: fc.nat(events.length - 1), after: fc.nat(window) }), { maxLength: 20 }),
      now: fc.integer({ min: BASE_TIME_MS, max: BASE_TIME_MS + 2 * TIME_SPAN_MS }),
    }),
  );

function withRepeats(events: readonly EventEnvelope[], repeats: { from: number; after: number }[]): EventEnvelope[] {
  const slots: EventEnvelope[][] = events.map((event) => [event]);
  for (const { from, after } of repeats) {
    const original = events[from]!;
    slots[Math.min(events.length - 1, from + after)]!.push({ ...original, payload: { ...original.payload } });
  }
  return slots.flat();
}

describe('at the episodes cap, in journal order', () => {
  it('redeliveries inside the recent-ids window change no view (incremental == rebuilt)', () => {
    fc.assert(
      fc.property(redelivered(30), ({ events, repeats, now }) => {
        const options: ReadModelOptions = { maxEpisodes: 3, cap: 4, ttlMs: 300_000 };
        const models: ReadModels = createReadModels(options);
        const stream = withRepeats(events, repeats);
        expect(viewsOf(models, foldAll(models, stream), now)).toEqual(viewsOf(models, foldAll(models, events), now));
        expect(models.episodes.view(foldAll(models, events).episodes, now).length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 200 },
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
