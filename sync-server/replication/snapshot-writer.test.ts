/**
 * When snapshots are written (issue 13 item 5): soon after a catch-up, then once at least
 * `snapshotEveryRows` rows were folded since the last one, at most once per
 * `snapshotMinIntervalMs` per scope; never for a set that is no longer current; close
 * stores what is pending and what was folded since.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import { openServerDb, type ServerDb } from '../storage/db';
import type { StoredRow } from '../storage/event-store';
import { createReadModelSnapshots } from '../storage/read-model-snapshots';
import { createReadModelSet } from './read-model-set';
import { createSnapshotWriter } from './snapshot-writer';

const dbs: ServerDb[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const db of dbs.splice(0)) db.close();
});

let t = Date.UTC(2026, 11, 1, 12);
let seq = 0;
const make = createEventFactory({
  actor: 'dev',
  clock: { now: () => t },
  newId: createUlidFactory(
    () => t,
    (n) => crypto.getRandomValues(new Uint8Array(n)),
  ),
});
const rows = (n: number): StoredRow[] =>
  Array.from({ length: n }, () => {
    t += 1;
    const event = make('obs.recorded', { source: 'user', text: 'x' }, { corr_id: 'ep', project_id: 'p1' });
    return { event: { ...event, server_seq: ++seq }, received: t };
  });

function setup() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
  const db = openServerDb(':memory:');
  dbs.push(db);
  const store = createReadModelSnapshots(db);
  let now = 1_000_000;
  const writer = createSnapshotWriter(
    store,
    { snapshotEveryRows: 100, snapshotMinIntervalMs: 30_000, now: () => now },
    (error) => {
      throw error;
    },
  );
  const set = createReadModelSet('p1', { options: {}, skip: () => {}, erased: () => false, erasures: () => 0 });
  return { store, writer, set, advance: (ms: number) => void (now += ms) };
}

describe('snapshot writer', () => {
  it('writes after a catch-up, then after 100 more rows but not within 30 s of the last write', () => {
    const { store, writer, set, advance } = setup();
    set.apply(rows(10));
    writer.caughtUp(set, () => true);
    expect(store.list()).toEqual([]);
    vi.runAllTimers();
    expect(store.list()).toEqual([{ scope: 'p1', version: 1, position: 10 }]);

    set.apply(rows(99));
    writer.appended(set, () => true);
    vi.runAllTicks();
    expect(store.load('p1')!.position).toBe(10);
    // 100 rows since: due, but only 30 s after the last write.
    set.apply(rows(1));
    writer.appended(set, () => true);
    advance(10_000);
    vi.advanceTimersByTime(10_000);
    expect(store.load('p1')!.position).toBe(10);
    advance(20_000);
    vi.advanceTimersByTime(20_000);
    vi.runAllTimers();
    expect(store.load('p1')!.position).toBe(110);
    expect(writer.written()).toBe(2);
  });

  it('a set that is no longer current is not written; flush stores what was folded since', () => {
    const { store, writer, set } = setup();
    set.apply(rows(5));
    writer.caughtUp(set, () => false);
    vi.runAllTimers();
    expect(store.list()).toEqual([]);
    writer.caughtUp(set, () => true);
    writer.flush(set);
    expect(store.load('p1')!.position).toBe(set.position);
    vi.runAllTimers();
    expect(writer.written()).toBe(1);
  });
});
