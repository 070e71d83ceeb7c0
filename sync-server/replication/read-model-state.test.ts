/**
 * Server read-models over a real store (H3, H4): an event dated ahead of the server (within
 * the tolerance) is folded at the time the server received it, so it neither stays
 * "newest" nor outlives its window; the same holds after a rebuild; and one event a fold
 * throws on is skipped and reported while the views keep answering.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec/envelope';
import { openServerDb, type ServerDb } from '../storage/db';
import { createEventStore, type EventStore } from '../storage/event-store';
import { createServerReadModels } from './read-model-state';

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const TTL = 600_000;
const dbs: ServerDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

function setup() {
  let serverNow = START;
  const db = openServerDb(':memory:');
  dbs.push(db);
  const store = createEventStore(db, { now: () => serverNow });
  let clientNow = START;
  const newId = createUlidFactory(
    () => clientNow,
    (n) => new Uint8Array(n).fill(7),
  );
  const make = createEventFactory({ actor: 'dev', clock: { now: () => clientNow }, newId });
  return {
    db,
    store,
    setServer: (ms: number) => void (serverNow = ms),
    /** An obs.recorded event whose client clock reads `ms`. */
    obsAt(ms: number, text: string): EventEnvelope {
      clientNow = ms;
      return make('obs.recorded', { source: 'user', text }, { corr_id: `ep-${text}`, project_id: 'p1' });
    },
  };
}

/** A view without its revision (which names the instance). */
const bare = ({ revision: _revision, ...view }: { revision: string }) => view;

const texts = (items: readonly { payload: Record<string, unknown> }[]) => items.map((item) => item.payload['text']);

describe('H4 server read-models use the receive time', () => {
  it('H4: an event dated 290 s ahead does not stay newest, pin an episode or outlive its window', async () => {
    const { store, setServer, obsAt } = setup();
    const models = createServerReadModels(store);
    await models.ready();
    store.append([obsAt(START + 290_000, 'ahead')], { origin: 'test' });
    setServer(START + 1_000);
    store.append([obsAt(START + 1_000, 'honest')], { origin: 'test' });

    const observations = await models.view('observations', undefined, () => START + 2_000);
    expect(texts(observations.items as { payload: Record<string, unknown> }[])).toEqual(['ahead', 'honest']);
    expect((observations.items[0] as { time: string }).time).toBe(new Date(START).toISOString());
    const episodes = (await models.view('episodes', 'p1', () => START + 2_000)).items as { id: string; last: string }[];
    expect(episodes.map((episode) => episode.id)).toEqual(['ep-honest', 'ep-ahead']);
    expect(episodes[1]!.last).toBe(new Date(START).toISOString());
    // The window counts from the receipt: gone 10 minutes after START, not after START + 290 s.
    expect(
      texts(
        (await models.view('observations', undefined, () => START + TTL + 1)).items as {
          payload: Record<string, unknown>;
        }[],
      ),
    ).toEqual(['honest']);
    models.close();
  });

  it('H4: a rebuild from the store folds the same receive times (incremental == rebuilt)', async () => {
    const { store, setServer, obsAt } = setup();
    const live = createServerReadModels(store);
    await live.ready();
    store.append([obsAt(START + 250_000, 'ahead')], { origin: 'test' });
    setServer(START + 5_000);
    store.append([obsAt(START + 4_000, 'past')], { origin: 'test' });
    const rebuilt = createServerReadModels(store);
    for (const id of ['observations', 'episodes'] as const) {
      const want = bare(await live.view(id, undefined, () => START + 6_000));
      expect(bare(await rebuilt.view(id, undefined, () => START + 6_000))).toEqual(want);
      expect(bare(await rebuilt.view(id, 'p1', () => START + 6_000))).toEqual(want);
    }
    live.close();
    rebuilt.close();
  });
});

describe('H3 one event cannot break the views', () => {
  it('H3: an event a fold throws on is skipped, reported once, and the others are folded', async () => {
    const { store, obsAt } = setup();
    store.append([obsAt(START, 'one'), obsAt(START + 1, 'two')], { origin: 'test' });
    const poisoned: EventStore = {
      ...store,
      rowsAfter(cursor, filter, limit) {
        const rows = store.rowsAfter(cursor, filter, limit);
        if (rows.length === 0 || rows[0]!.event.server_seq !== 1) return rows;
        const first = rows[0]!;
        const trap = Object.defineProperty({ ...first.event }, 'kind', {
          get: () => {
            throw new Error('unreadable kind');
          },
        });
        return [{ event: trap, received: first.received }, ...rows.slice(1)];
      },
    };
    const skipped: string[] = [];
    const models = createServerReadModels(poisoned, {
      onSkipped: (event, error) => skipped.push(`${event.server_seq}: ${String(error)}`),
    });
    expect(
      texts(
        (await models.view('observations', undefined, () => START + 2)).items as { payload: Record<string, unknown> }[],
      ),
    ).toEqual(['two']);
    await models.view('observations', 'p1', () => START + 2);
    expect(skipped).toEqual(['1: Error: unreadable kind']);
    models.close();
  });
});
