/**
 * Erasure in the server store (SPEC §7): a stored tombstone removes its conversation's
 * rows in the same transaction; later events of it are answered as handled (duplicates
 * with the tombstone's seq) and never stored, also after a restart; leases.* and other
 * conversations and projects stay; the read-models and the lease view follow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conversationEvents, erasureMaker, tombstoneOf } from '../../core/read-models/testing/erasure-scenario';
import { createServerLeases } from '../replication/lease-state';
import { createServerReadModels } from '../replication/read-model-state';
import { openServerDb, type ServerDb } from './db';
import { createEventStore, type ErasedRows } from './event-store';

const dirs: string[] = [];
const dbs: ServerDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(path = ':memory:') {
  const db = openServerDb(path);
  dbs.push(db);
  return createEventStore(db);
}

const storedIds = (store: ReturnType<typeof open>) => {
  const ids: string[] = [];
  store.replay((events) => ids.push(...events.map((event) => event.id)));
  return ids.sort();
};

describe('event store erasure (SPEC §7)', () => {
  it("a stored tombstone removes the conversation's rows in the same append, nothing else", () => {
    const store = open();
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 2);
    const b = conversationEvents(make, 'b', 1);
    const other = conversationEvents(make, 'a', 1, 'p2');
    store.append([...a.own, ...a.leases, ...b.own, ...other.own], { origin: 'sync' });
    const heard: ErasedRows[] = [];
    store.onErased((erased) => heard.push(erased));
    const appended: string[] = [];
    store.onAppended((events) => appended.push(...events.map((event) => event.kind)));
    const stone = tombstoneOf(make, 'a');
    const result = store.append([stone], { origin: 'sync' });
    expect(result.accepted).toHaveLength(1);
    expect(appended).toEqual(['conversation.deleted']);
    const keep = [...a.leases, ...b.own, ...other.own, stone].map((event) => event.id);
    expect(storedIds(store)).toEqual(keep.sort());
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ conversationId: 'a', projectId: 'p1' });
    expect(heard[0]!.ids.sort()).toEqual(a.own.map((event) => event.id).sort());
    expect(store.tail(1000, { corrId: 'a-e0', projectId: 'p1' }).map((event) => event.kind)).toEqual([
      'leases.created',
    ]);
  });

  it('a late event of an erased conversation is answered as handled and never stored, also after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arw-erasure-'));
    dirs.push(dir);
    const path = join(dir, 'test.sqlite');
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 1);
    let store = open(path);
    store.append(a.own.slice(0, 3), { origin: 'sync' });
    const stone = tombstoneOf(make, 'a');
    const stoneSeq = store.append([stone], { origin: 'sync' }).accepted[0]!.server_seq;
    dbs.splice(0).forEach((db) => db.close());
    store = open(path);
    const late = store.append(a.own.slice(3), { origin: 'sync' });
    expect(late.accepted).toEqual([]);
    expect(late.rejected).toEqual([]);
    expect(late.duplicates.map((d) => d.server_seq)).toEqual(a.own.slice(3).map(() => stoneSeq));
    expect(storedIds(store)).toEqual([stone.id]);
  });

  it('events before and after a tombstone in one batch are erased; the start of an episode arriving last erases what came before it', () => {
    const store = open();
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 2);
    const [created, renamed, start0, ...rest] = a.own;
    const stone = tombstoneOf(make, 'a');
    const appended: string[] = [];
    store.onAppended((events) => appended.push(...events.map((event) => event.id)));
    const result = store.append([created!, start0!, stone, renamed!], { origin: 'sync' });
    expect(result.accepted.map((a) => a.id)).toEqual([created!.id, start0!.id, stone.id]);
    expect(appended).toEqual([stone.id]);
    // Episode e1's events arrive before its start (another device's order): stored, then erased with it.
    const e1 = rest.filter((event) => event.corr_id === 'a-e1');
    const e1Start = e1.find((event) => event.kind === 'episode.started')!;
    store.append(
      e1.filter((event) => event !== e1Start),
      { origin: 'sync' },
    );
    expect(storedIds(store)).toContain(e1[1]!.id);
    store.append([e1Start], { origin: 'sync' });
    expect(storedIds(store)).toEqual([stone.id]);
  });

  it("the tombstone's corr_ids erase episodes whose start the server never stored", () => {
    const store = open();
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 1);
    store.append(
      a.own.filter((event) => event.kind !== 'episode.started'),
      { origin: 'sync' },
    );
    const stone = tombstoneOf(make, 'a', a.corrIds);
    store.append([stone], { origin: 'nats' });
    expect(storedIds(store)).toEqual([stone.id]);
  });

  it('a tombstone of another project erases nothing of this one', () => {
    const store = open();
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 1);
    store.append(a.own, { origin: 'sync' });
    store.append([tombstoneOf(make, 'a', a.corrIds, 'p2')], { origin: 'sync' });
    expect(storedIds(store)).toHaveLength(a.own.length + 1);
  });

  it('the read-models drop the erased episodes; the lease view keeps the leases', async () => {
    const store = open();
    const make = erasureMaker();
    const a = conversationEvents(make, 'a', 2);
    const b = conversationEvents(make, 'b', 1);
    store.append([...a.own, ...a.leases, ...b.own], { origin: 'sync' });
    const models = createServerReadModels(store);
    const leases = createServerLeases(store);
    const now = Date.parse('2026-12-01T12:30:00.000Z');
    const episodeIds = async (project?: string) =>
      ((await models.view('episodes', project, () => now)).items as { id: string }[]).map((item) => item.id).sort();
    expect(await episodeIds()).toEqual(['a-e0', 'a-e1', 'b-e0']);
    expect(await episodeIds('p1')).toEqual(['a-e0', 'a-e1', 'b-e0']);
    store.append([tombstoneOf(make, 'a')], { origin: 'sync' });
    expect(await episodeIds()).toEqual(['a-e0', 'a-e1', 'b-e0'].filter((id) => id.startsWith('b')));
    expect(await episodeIds('p1')).toEqual(['b-e0']);
    expect(
      leases
        .view('p1', now)
        .items.map((lease) => lease.id)
        .sort(),
    ).toEqual(['lease-a-e0', 'lease-a-e1']);
    models.close();
    leases.close();
  });
});
