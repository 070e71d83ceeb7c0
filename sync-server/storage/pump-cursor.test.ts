/** The NATS pump's cursor store: per instance, durable, and it lists only local events after the cursor. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import { openServerDb, type ServerDb } from './db';
import { createEventStore } from './event-store';
import { createPumpCursor } from './pump-cursor';

const dbs: ServerDb[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const newId = createUlidFactory(Date.now, (n) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) % 256));
const make = createEventFactory({ actor: 'server:test', clock: { now: Date.now }, newId });
const obs = (text: string) => make('obs.recorded', { source: 'test', text }, { project_id: 'p1' });

function open(path = ':memory:') {
  const db = openServerDb(path);
  dbs.push(db);
  return { db, events: createEventStore(db) };
}

describe('pump cursor', () => {
  it('lists the local events after the cursor, oldest first, never those that came from NATS', () => {
    const { db, events } = open();
    const [a, fromNats, b, c] = [obs('a'), obs('from nats'), obs('b'), obs('c')];
    events.append([a], { origin: 'sync' });
    events.append([fromNats], { origin: 'nats' });
    events.append([b, c], { origin: 'server' });
    const cursor = createPumpCursor(db, 'srv-1');
    const all = cursor.pendingAfter(0, 10);
    expect(all.map((row) => row.event.id)).toEqual([a.id, b.id, c.id]);
    expect(all.map((row) => row.seq)).toEqual([...all.map((row) => row.seq)].sort((x, y) => x - y));
    expect(all[0]!.event).toMatchObject({ id: a.id, kind: 'obs.recorded', payload: { text: 'a' } });
    expect(cursor.pendingAfter(all[0]!.seq, 1).map((row) => row.event.id)).toEqual([b.id]);
    expect(cursor.pendingAfter(all[2]!.seq, 10)).toEqual([]);
  });

  it('starts at 0 and keeps each instance its own cursor across a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arw-pump-'));
    dirs.push(dir);
    const path = join(dir, 'db.sqlite');
    const first = open(path);
    expect(createPumpCursor(first.db, 'srv-1').read()).toBe(0);
    createPumpCursor(first.db, 'srv-1').write(7);
    createPumpCursor(first.db, 'srv-2').write(3);
    createPumpCursor(first.db, 'srv-1').write(9);
    first.db.close();
    const again = open(path);
    expect(createPumpCursor(again.db, 'srv-1').read()).toBe(9);
    expect(createPumpCursor(again.db, 'srv-2').read()).toBe(3);
  });
});
