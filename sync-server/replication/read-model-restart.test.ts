/**
 * Server read-models across restarts (SPEC §8, issue 13 items 5-6): a start on a store
 * with a snapshot folds only the rows after it; a snapshot that does not fit (another
 * format version, a garbage body, a position past the journal) is ignored, deleted and
 * rebuilt, with views identical to a full rebuild; appends that arrive while a sliced
 * catch-up runs are folded exactly once; an erasure clears every snapshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import { conversationEvents, erasureMaker, tombstoneOf } from '../../core/read-models/testing/erasure-scenario';
import type { EventEnvelope } from '../../spec/envelope';
import { openServerDb, type ServerDb } from '../storage/db';
import { createEventStore, type EventStore } from '../storage/event-store';
import { createReadModelSnapshots, GLOBAL_SCOPE, type ReadModelSnapshots } from '../storage/read-model-snapshots';
import { READ_MODEL_IDS } from './read-model-set';
import { createServerReadModels, type ServerReadModelOptions, type ServerReadModels } from './read-model-state';

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const dirs: string[] = [];
const dbs: ServerDb[] = [];
const open: ServerReadModels[] = [];
const tables: ReadModelSnapshots[] = [];
afterEach(() => {
  for (const models of open.splice(0)) models.close();
  for (const table of tables.splice(0)) table.close();
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store and its snapshot table in a database file, reopened by `reopen()` as after a restart. */
function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'arw-rm-'));
  dirs.push(dir);
  const path = join(dir, 'hub.sqlite');
  const openAll = () => {
    const db = openServerDb(path);
    dbs.push(db);
    const snapshots = createReadModelSnapshots(db);
    tables.push(snapshots);
    return { db, store: createEventStore(db, { now: () => START }), snapshots };
  };
  return { path, ...openAll(), reopen: openAll };
}

let t = START - 60_000;
const make = createEventFactory({
  actor: 'dev',
  clock: { now: () => t },
  newId: createUlidFactory(
    () => t,
    (n) => crypto.getRandomValues(new Uint8Array(n)),
  ),
});

/** `n` events over a few episodes and two projects: stages, beliefs and episodes all change. */
function events(n: number): EventEnvelope[] {
  return Array.from({ length: n }, (_, i) => {
    t += 1;
    const project = i % 3 === 0 ? 'p2' : 'p1';
    const corr = { corr_id: `ep-${Math.floor(i / 7)}`, project_id: project };
    if (i % 11 === 0) return make('beliefs.updated', { beliefs: [{ claim: `c${i}` }] }, corr);
    if (i % 5 === 0) return make('intents.proposed', { intent: `i${i}` }, corr);
    if (i % 7 === 0) return make('episode.started', { agent: 'a', input: `hello ${i}` }, corr);
    return make('obs.recorded', { source: 'user', text: `t${i}` }, corr);
  });
}

function models(store: EventStore, options: ServerReadModelOptions = {}): ServerReadModels {
  const built = createServerReadModels(store, { now: () => START, ...options });
  open.push(built);
  return built;
}

/** Every view of `of`, globally and for p1 and p2, without the revision (which names the instance). */
async function allViews(of: ServerReadModels) {
  const out: Record<string, unknown> = {};
  for (const project of [undefined, 'p1', 'p2'])
    for (const id of READ_MODEL_IDS) {
      const { revision: _revision, ...view } = await of.view(id, project, () => START);
      out[`${project ?? '*'}:${id}`] = view;
    }
  return out;
}

const close = (built: ServerReadModels) => {
  built.close();
  open.splice(open.indexOf(built), 1);
};

describe('read-model snapshots on the server', () => {
  it('a restart on a data dir with snapshots folds only the tail, with the views of a full rebuild', async () => {
    const first = dataDir();
    first.store.append(events(300), { origin: 'test' });
    const before = models(first.store, { snapshots: first.snapshots });
    await allViews(before);
    close(before);
    // The global set and both project sets left a snapshot at their last row.
    expect(first.snapshots.list().map((row) => row.scope)).toEqual([GLOBAL_SCOPE, 'p1', 'p2']);
    first.db.close();

    const again = first.reopen();
    again.store.append(events(7), { origin: 'test' });
    const restarted = models(again.store, { snapshots: again.snapshots });
    const views = await allViews(restarted);
    const stats = restarted.stats();
    expect(stats.global).toMatchObject({ ready: true, restoredAt: 300, folded: 7, position: 307 });
    expect(stats.projects['p1']!.folded + stats.projects['p2']!.folded).toBe(7);
    expect(stats.projects['p1']!.restoredAt).toBeGreaterThan(0);
    expect(stats.snapshotsRefused).toBe(0);
    expect(views).toEqual(await allViews(models(again.store)));
  });

  it.each([
    ['another format version', (s: ReadModelSnapshots) => tamper(s, { version: 999 }), /format version 999/],
    ['a garbage body', (s: ReadModelSnapshots) => tamper(s, { body: '{"format":"arw.read-models", nope' }), /JSON/],
    [
      'a body that is not a snapshot',
      (s: ReadModelSnapshots) => tamper(s, { body: JSON.stringify({ states: 42 }) }),
      /not a read-model snapshot/,
    ],
    ['a position past the journal', (s: ReadModelSnapshots) => tamper(s, { position: 10_000 }), /past the journal/],
  ])('a snapshot with %s is ignored once, deleted and rebuilt: the views are a full rebuild', async (_, spoil, why) => {
    const dir = dataDir();
    dir.store.append(events(120), { origin: 'test' });
    const before = models(dir.store, { snapshots: dir.snapshots });
    await allViews(before);
    close(before);
    spoil(dir.snapshots);

    const refused: string[] = [];
    const restarted = models(dir.store, {
      snapshots: dir.snapshots,
      onSnapshotRefused: (scope, reason) => refused.push(`${scope}: ${reason}`),
    });
    const views = await allViews(restarted);
    expect(refused).toHaveLength(3);
    for (const line of refused) expect(line).toMatch(why);
    expect(restarted.stats()).toMatchObject({ snapshotsRefused: 3, global: { folded: 120 } });
    expect(restarted.stats().global.restoredAt).toBeUndefined();
    expect(views).toEqual(await allViews(models(dir.store)));
    // Rebuilt and written again once caught up.
    await until(() => dir.snapshots.list().some((row) => row.scope === GLOBAL_SCOPE));
    expect(dir.snapshots.load(GLOBAL_SCOPE)!.position).toBe(120);
  });

  it('appends during a sliced catch-up are folded exactly once (by server_seq)', async () => {
    const dir = dataDir();
    for (let i = 0; i < 6; i++) dir.store.append(events(2_000), { origin: 'test' });
    const live = models(dir.store);
    let appended = 0;
    // One small batch every turn of the event loop until the catch-up is done.
    while (live.status() === 'loading') {
      dir.store.append(events(3), { origin: 'test' });
      appended += 3;
      await new Promise((done) => setImmediate(done));
    }
    expect(appended).toBeGreaterThan(0);
    const total = 12_000 + appended;
    expect(live.stats().global).toMatchObject({ folded: total, position: total });
    expect(await allViews(live)).toEqual(await allViews(models(dir.store)));
  }, 30_000);

  it('an erasure clears every snapshot and rebuilds without the erased episodes', async () => {
    const dir = dataDir();
    const erasing = erasureMaker();
    const a = conversationEvents(erasing, 'a', 2);
    const b = conversationEvents(erasing, 'b', 1);
    dir.store.append([...a.own, ...b.own], { origin: 'sync' });
    const live = models(dir.store, { snapshots: dir.snapshots });
    await live.view('episodes', 'p1', () => START);
    await until(() => dir.snapshots.list().length === 2);
    dir.store.append([tombstoneOf(erasing, 'a')], { origin: 'sync' });
    expect(dir.snapshots.list()).toEqual([]);
    expect(live.stats().generation).toBe(1);
    const ids = async (project?: string) =>
      ((await live.view('episodes', project, () => START)).items as { id: string }[]).map((item) => item.id);
    expect(await ids()).toEqual(['b-e0']);
    expect(await ids('p1')).toEqual(['b-e0']);
  });
});

function tamper(snapshots: ReadModelSnapshots, change: { version?: number; body?: string; position?: number }) {
  for (const { scope } of snapshots.list()) {
    const stored = snapshots.load(scope)!;
    snapshots.save({ ...stored, body: stored.body.toString('utf8'), ...change });
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((done) => setTimeout(done, 5));
  expect(condition()).toBe(true);
}
