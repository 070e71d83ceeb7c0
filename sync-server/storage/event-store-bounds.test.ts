/**
 * The server store's defences (H3, H4, H11a): bounded events rejected alone, a throw while
 * judging one event is its rejection, rows that cannot be served are skipped on read,
 * future-dated events refused, receive times kept, and another project's ids not revealed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec/envelope';
import { EVENT_MAX_BYTES, EVENT_MAX_DEPTH } from '../../spec/limits';
import Database from 'better-sqlite3';
import { openServerDb, type ServerDb } from './db';
import { migrate } from './migrate';
import { createEventStore, type EventStoreOptions } from './event-store';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const dbs: ServerDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

function open(options: EventStoreOptions = {}, db = openServerDb(':memory:')) {
  dbs.push(db);
  const unreadable: { seq: number; reason: string }[] = [];
  const store = createEventStore(db, {
    now: () => NOW,
    onUnreadable: (seq, reason) => unreadable.push({ seq, reason }),
    ...options,
  });
  return { db, store, unreadable };
}

let clock = NOW - 60_000;
const make = createEventFactory({
  actor: 'dev-a',
  clock: { now: () => clock++ },
  newId: createUlidFactory(
    () => clock,
    (n) => crypto.getRandomValues(new Uint8Array(n)),
  ),
});
const obs = (project = 'p1', extra: Record<string, unknown> = {}): EventEnvelope =>
  make('obs.recorded', { source: 'test', ...extra }, { project_id: project, corr_id: 'c1' });
const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** A row as an older version could have written it, straight into the table. */
function insertRaw(db: ServerDb, id: string, json: string) {
  db.prepare(
    "INSERT INTO events (id, project_id, kind, time, corr_id, origin, json) VALUES (?, 'p1', 'obs.recorded', '2026-12-01T11:00:00.000Z', NULL, 'old', ?)",
  ).run(id, json);
}

describe('H3 bounded input in the store', () => {
  it('H3: a 10,000-deep and an oversized event are rejected alone, naming the field and the limit; neighbours are stored', () => {
    const { store } = open();
    const before = obs();
    const deep = {
      ...obs(),
      payload: JSON.parse(`{"source":"t","data":${deepJson(10_000)}}`) as Record<string, unknown>,
    };
    const big = obs('p1', { text: 'x'.repeat(EVENT_MAX_BYTES) });
    const after = obs();
    const result = store.append([before, deep, big, after], { origin: 'test' });
    expect(result.accepted.map((a) => a.index)).toEqual([0, 3]);
    expect(result.rejected).toEqual([
      {
        index: 1,
        id: deep.id,
        issues: [{ path: 'payload', message: expect.stringContaining(`limit is ${EVENT_MAX_DEPTH}`) }],
      },
      {
        index: 2,
        id: big.id,
        issues: [{ path: 'payload', message: expect.stringContaining(`limit is ${EVENT_MAX_BYTES} bytes`) }],
      },
    ]);
    expect(store.after(0).map((e) => e.id)).toEqual([before.id, after.id]);
  });

  it('H3: the store applies its configured limits', () => {
    const { store } = open({ limits: { maxDepth: 2, maxBytes: 100_000 } });
    const result = store.append([obs('p1', { data: { a: { b: 1 } } }), obs('p1', { data: { a: 1 } })], {
      origin: 'test',
    });
    expect(result.rejected).toMatchObject([
      { index: 0, issues: [{ path: 'payload', message: expect.stringContaining('limit is 2') }] },
    ]);
    expect(result.accepted.map((a) => a.index)).toEqual([1]);
  });

  it('H3: a throw while judging one event becomes its rejection, not a failed batch', () => {
    const { store } = open();
    const [good, odd] = [obs(), obs('p2')];
    const admit = (event: EventEnvelope) => {
      if (event.project_id === 'p2') throw new Error('scope table unavailable');
      return undefined;
    };
    const result = store.append([good, odd], { origin: 'test', admit });
    expect(result.accepted.map((a) => a.id)).toEqual([good.id]);
    expect(result.rejected).toEqual([
      {
        index: 1,
        id: odd.id,
        issues: [{ path: '(root)', message: expect.stringContaining('scope table unavailable') }],
      },
    ]);
  });

  it('H3: stored rows that cannot be served are skipped by every read, reported once each and counted', () => {
    const { db, store, unreadable } = open();
    store.append([obs()], { origin: 'test' });
    insertRaw(db, 'bad-json', '{"id": nope');
    insertRaw(
      db,
      'bad-deep',
      `{"id":"x","time":"t","kind":"obs.recorded","actor":"a","payload":{"d":${deepJson(5_000)}}}`,
    );
    insertRaw(db, 'bad-shape', '{"id":"y","time":"t","kind":"obs.recorded","actor":"a","payload":null}');
    const last = obs();
    store.append([last], { origin: 'test' });

    expect(store.after(0).map((e) => e.server_seq)).toEqual([1, 5]);
    expect(store.tail(2).map((e) => e.server_seq)).toEqual([1, 5]);
    expect(store.tail(1).map((e) => e.id)).toEqual([last.id]);
    expect(store.get('bad-deep')).toBeUndefined();
    // A whole chunk of bad rows is not mistaken for the end of the journal.
    const replayed: number[] = [];
    store.replay((events) => replayed.push(...events.map((e) => e.server_seq)), 1);
    expect(replayed).toEqual([1, 5]);
    expect(store.after(1, {}, 1).map((e) => e.server_seq)).toEqual([5]);

    expect(unreadable.map((u) => u.seq)).toEqual([2, 3, 4]);
    expect(unreadable[0]!.reason).toContain('does not parse');
    expect(unreadable[1]!.reason).toContain(`deeper than 256`);
    expect(unreadable[2]!.reason).toContain('payload is not an object');
    expect(store.unreadableCount()).toBe(3);
  });
});

describe('H4 time from the client', () => {
  it('H4: an event dated more than 300 s ahead of the server is rejected naming time, the tolerance and the server time', () => {
    const { store } = open();
    const soon = { ...obs(), time: new Date(NOW + 299_000).toISOString() };
    const later = { ...obs(), time: new Date(NOW + 301_000).toISOString() };
    const result = store.append([soon, later], { origin: 'test' });
    expect(result.accepted.map((a) => a.id)).toEqual([soon.id]);
    expect(result.rejected).toEqual([
      {
        index: 1,
        id: later.id,
        issues: [{ path: 'time', message: expect.stringMatching(/300 s.*2026-12-01T12:00:00\.000Z/) }],
      },
    ]);
  });

  it('H4: an event from another instance (origin nats) is not refused for this instance’s clock skew; depth still is', () => {
    const { store } = open();
    const ahead = { ...obs(), time: new Date(NOW + 3_600_000).toISOString() };
    const deep = {
      ...obs(),
      payload: JSON.parse(`{"source":"t","data":${deepJson(EVENT_MAX_DEPTH + 5)}}`) as Record<string, unknown>,
    };
    const result = store.append([ahead, deep], { origin: 'nats' });
    expect(result.accepted.map((a) => a.id)).toEqual([ahead.id]);
    expect(result.rejected.map((r) => r.index)).toEqual([1]);
  });

  it('H4: the tolerance is configurable', () => {
    const { store } = open({ maxFutureMs: 10_000 });
    const result = store.append([{ ...obs(), time: new Date(NOW + 11_000).toISOString() }], { origin: 'test' });
    expect(result.rejected[0]!.issues[0]).toMatchObject({ path: 'time', message: expect.stringContaining('10 s') });
  });

  it('H4: every row keeps the time the server received it, given to listeners and scans', () => {
    const { store } = open();
    const notes: number[] = [];
    store.onAppended((_events, note) => notes.push(note.received));
    store.append([obs()], { origin: 'test' });
    expect(notes).toEqual([NOW]);
    const scanned: (number | undefined)[] = [];
    store.scan((rows) => scanned.push(...rows.map((row) => row.received)));
    expect(scanned).toEqual([NOW]);
  });

  it('H4: a table from before receive times gets the column, its rows stamped with the upgrade time', () => {
    // The table as the code before 2026-12-01 made it, then the upgrade (migration 1) on top.
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE events (server_seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, project_id TEXT, kind TEXT NOT NULL, time TEXT NOT NULL, corr_id TEXT, origin TEXT NOT NULL, json TEXT NOT NULL)',
    );
    const old = obs();
    db.prepare(
      "INSERT INTO events (id, project_id, kind, time, origin, json) VALUES (?, 'p1', 'obs.recorded', ?, 'old', ?)",
    ).run(old.id, old.time, JSON.stringify(old));
    migrate(db, ':memory:', { now: () => NOW });
    const { store } = open({}, db);
    const rows: { id: string; received: number | undefined }[] = [];
    store.scan((chunk) => rows.push(...chunk.map((row) => ({ id: row.event.id, received: row.received }))));
    expect(rows).toEqual([{ id: old.id, received: NOW }]);
  });
});

describe('H11 ids of other projects', () => {
  it('H11: reusing another project’s event id is rejected without its server_seq; the same project’s stays a duplicate', () => {
    const { store } = open();
    const secret = obs('p-secret');
    store.append([obs(), obs(), secret], { origin: 'test' });
    const replay = { ...secret, project_id: 'p-mine' };
    const result = store.append([replay], { origin: 'test' });
    expect(result).toMatchObject({
      accepted: [],
      duplicates: [],
      rejected: [
        { index: 0, id: secret.id, issues: [{ path: 'id', message: 'an event with this id already exists' }] },
      ],
    });
    expect(JSON.stringify(result)).not.toContain('"server_seq":3');
    const { project_id: _, ...projectless } = secret;
    expect(store.append([projectless], { origin: 'test' }).rejected).toHaveLength(1);
    expect(store.append([secret], { origin: 'test' }).duplicates).toEqual([{ index: 0, id: secret.id, server_seq: 3 }]);
  });

  it('H11: within one batch, a second use of an id under another project is rejected too', () => {
    const { store } = open();
    const first = obs('p1');
    const result = store.append([first, { ...first, project_id: 'p2' }, first], { origin: 'test' });
    expect(result.accepted.map((a) => a.index)).toEqual([0]);
    expect(result.rejected.map((r) => r.index)).toEqual([1]);
    expect(result.duplicates).toEqual([{ index: 2, id: first.id, server_seq: 1 }]);
  });
});
