/** The bounded episodes model: eviction by oldest newest event, late events of evicted episodes ignored. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { createEpisodesModel, DEFAULT_MAX_EPISODES } from './episodes';
import { createMinHeap } from './min-heap';
import { rebuild } from './types';

const START = Date.parse('2026-03-01T10:00:00.000Z');
let counter = 0;

function ev(corr: string, ms: number, kind = 'obs.recorded'): EventEnvelope {
  const id = `${String(START + ms).padStart(14, '0')}-${String(counter++).padStart(6, '0')}`;
  return { id, time: new Date(START + ms).toISOString(), kind, v: 1, actor: 'probe', corr_id: corr, payload: {} };
}

const ids = (model: ReturnType<typeof createEpisodesModel>, events: EventEnvelope[]) =>
  model.view(rebuild(model, events), START).map((episode) => episode.id);

describe('bounded episodes', () => {
  it('keeps 2000 episodes by default', () => {
    expect(DEFAULT_MAX_EPISODES).toBe(2000);
    expect(createEpisodesModel().maxEpisodes).toBe(2000);
    expect(() => createEpisodesModel({ maxEpisodes: 0 })).toThrow(/maxEpisodes must be a whole number of at least 1/);
  });

  it('beyond the cap, evicts the episode whose newest event is oldest (not the one created first)', () => {
    const model = createEpisodesModel({ maxEpisodes: 2 });
    // A starts first but stays active; B's newest event is the oldest when C arrives.
    const events = [ev('A', 0), ev('B', 10), ev('A', 20), ev('C', 30)];
    expect(ids(model, events)).toEqual(['C', 'A']);
  });

  it('a late event of an evicted episode is ignored instead of starting a partial summary', () => {
    const model = createEpisodesModel({ maxEpisodes: 2 });
    const state = rebuild(model, [ev('A', 0), ev('B', 10), ev('C', 20), ev('A', 30, 'episode.completed')]);
    expect(model.view(state, START).map((episode) => episode.id)).toEqual(['C', 'B']);
    expect(state.evicted.toJSON()).toEqual(['A']);
    expect(state.version).toBe(3);
  });

  it('a new episode older than every kept one is evicted at once', () => {
    const model = createEpisodesModel({ maxEpisodes: 2 });
    const state = rebuild(model, [ev('B', 10), ev('C', 20), ev('A', 0)]);
    expect(model.view(state, START).map((episode) => episode.id)).toEqual(['C', 'B']);
    expect(state.evicted.toJSON()).toEqual(['A']);
  });

  it('keeps the same episodes as a brute-force "evict the oldest newest event" model, with memory bounded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.record({ corr: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), ms: fc.nat(1000) }), {
          maxLength: 120,
        }),
        (max, drafts) => {
          const model = createEpisodesModel({ maxEpisodes: max });
          const events = drafts.map(({ corr, ms }) => ev(corr, ms));
          const kept = new Map<string, EventEnvelope>();
          const evicted: string[] = [];
          for (const event of events) {
            const corr = event.corr_id!;
            if (evicted.includes(corr)) continue;
            const last = kept.get(corr);
            if (last === undefined || event.time > last.time || (event.time === last.time && event.id > last.id)) {
              kept.set(corr, event);
            }
            if (kept.size > max) {
              const [oldest] = [...kept].sort(([, x], [, y]) =>
                x.time !== y.time ? (x.time < y.time ? -1 : 1) : x.id < y.id ? -1 : 1,
              )[0]!;
              kept.delete(oldest);
              evicted.push(oldest);
              if (evicted.length > max) evicted.shift();
            }
          }
          const state = rebuild(model, events);
          expect([...state.episodes.keys()].sort()).toEqual([...kept.keys()].sort());
          expect(state.evicted.toJSON()).toEqual(evicted);
          expect(state.byLast === undefined || state.byLast.size === state.episodes.size).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('min-heap', () => {
  it('pops in ascending order whatever the push order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.integer()), (initial, pushed) => {
        const heap = createMinHeap<number>((a, b) => a - b, initial);
        for (const n of pushed) heap.push(n);
        const out: number[] = [];
        while (heap.size > 0) out.push(heap.pop()!);
        expect(out).toEqual([...initial, ...pushed].sort((a, b) => a - b));
        expect(heap.pop()).toBeUndefined();
        expect(heap.peek()).toBeUndefined();
      }),
    );
  });
});
