/**
 * The kept `/state/episodes` view (episode-view.ts) always equals core's view of the same
 * state with the erased episodes left out: on random journals folded in random batches,
 * with refreshes cut short between them, evicting caps, erasures that change the answers,
 * and a restored snapshot replacing the state. A refresh of 2000 episodes takes steps of
 * SUMMARIES_PER_STEP.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSteps } from '../../core/lib/steps';
import { createReadModels, type EpisodeSummary, type ReadModelOptions } from '../../core/read-models';
import { arbitraryEvents } from '../../core/read-models/testing/arbitrary-events';
import { busyJournal, foldAll } from '../../core/read-models/testing/fold';
import type { EventEnvelope } from '../../spec/envelope';
import type { ServerEvent } from '../../spec/sync-protocol';
import { SUMMARIES_PER_STEP } from './episode-view';
import { createReadModelSet } from './read-model-set';

const CORR_IDS = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'];

function harness(options: ReadModelOptions) {
  const erasedIds = new Set<string>();
  let erasures = 0;
  const set = createReadModelSet('', {
    options,
    skip: (_event, error) => {
      throw error;
    },
    erased: (episode) => erasedIds.has(episode.id),
    erasures: () => erasures,
  });
  let seq = 0;
  const folded: EventEnvelope[] = [];
  return {
    set,
    fold(events: readonly EventEnvelope[]) {
      set.apply(
        events.map((event) => ({ event: { ...event, server_seq: ++seq } as ServerEvent, received: undefined })),
      );
      folded.push(...events);
    },
    erase(id: string) {
      erasedIds.add(id);
      erasures += 1;
    },
    /** Core's view of everything folded so far, erased episodes left out. */
    expected(): EpisodeSummary[] {
      const models = createReadModels(options);
      return models.episodes.view(foldAll(models, folded).episodes, 0).filter((e) => !erasedIds.has(e.id));
    },
    snapshot: () => set.snapshot('2026-03-01T12:00:00.000Z'),
  };
}

const scenario = arbitraryEvents({ maxLength: 70, corrIds: CORR_IDS }).chain((events) =>
  fc.record({
    events: fc.constant(events),
    cuts: fc.array(
      fc.record({
        at: fc.nat(events.length),
        steps: fc.nat(3),
        erase: fc.option(fc.constantFrom(...CORR_IDS)),
        restore: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
    options: fc.constantFrom<ReadModelOptions>({ maxEpisodes: 3 }, { maxEpisodes: 1 }, {}),
  }),
);

describe('the kept episodes view', () => {
  it('equals core’s view of the same state, however folds, partial refreshes, erasures and restores interleave', () => {
    fc.assert(
      fc.property(scenario, ({ events, cuts, options }) => {
        const h = harness(options);
        let done = 0;
        for (const cut of [...cuts].sort((a, b) => a.at - b.at)) {
          h.fold(events.slice(done, cut.at));
          done = Math.max(done, cut.at);
          const steps = h.set.refreshEpisodes();
          for (let i = 0; i < cut.steps; i++) steps.next();
          if (cut.erase !== null) h.erase(cut.erase);
          if (cut.restore) expect(runSteps(h.set.restore(JSON.parse(JSON.stringify(h.snapshot()))))).toBeUndefined();
          expect(h.set.view('episodes', 0).items).toEqual(h.expected());
        }
        h.fold(events.slice(done));
        expect(h.set.view('episodes', 0).items).toEqual(h.expected());
      }),
      { numRuns: 300 },
    );
  });

  it('summarises 2000 episodes in steps, then only what was folded into', () => {
    const h = harness({});
    h.fold([...busyJournal(8000)]);
    const first = h.set.refreshEpisodes();
    let yields = 0;
    while (!first.next().done) yields += 1;
    expect(yields).toBe(2000 / SUMMARIES_PER_STEP);
    const view = h.set.view('episodes', 0);
    expect(view.items).toHaveLength(2000);
    // Nothing folded since: the same array, no work.
    expect(h.set.view('episodes', 0).items).toBe(view.items);
    h.fold([...busyJournal(8, 8000)]);
    let again = 0;
    const second = h.set.refreshEpisodes();
    while (!second.next().done) again += 1;
    expect(again).toBe(0);
    expect(h.set.view('episodes', 0).items).toEqual(h.expected());
  });
});
