/** Contract of the server event store: de-dup by id, strictly increasing seq, durable across reopen. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { EventEnvelope } from '../../spec/envelope';
import { openServerDb, type ServerDb } from './db';
import { createEventStore } from './event-store';

const dirs: string[] = [];
const dbs: ServerDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arw-events-'));
  dirs.push(dir);
  return join(dir, 'test.sqlite');
}

function open(path = ':memory:') {
  const db = openServerDb(path);
  dbs.push(db);
  return { db, store: createEventStore(db) };
}

function makeEvents(count: number, seed = 1, project = 'p1'): EventEnvelope[] {
  let t = 1_700_000_000_000 + seed * 10_000_000;
  const make = createEventFactory({
    actor: 'dev-a',
    clock: { now: () => t },
    newId: createUlidFactory(
      () => t,
      (n) => new Uint8Array(n).fill(seed % 32),
    ),
  });
  return Array.from({ length: count }, (_, i) => {
    t += 1;
    return make('obs.recorded', { source: 'test', text: `e${i}` }, { project_id: project, corr_id: `c${i % 3}` });
  });
}

describe('event store', () => {
  it('stores a batch, assigns increasing seqs and reports duplicates with their seq', () => {
    const { store } = open();
    const events = makeEvents(3);
    const first = store.append(events, { origin: 'test' });
    expect(first.accepted.map((a) => a.server_seq)).toEqual([1, 2, 3]);
    const again = store.append([events[1], events[1]], { origin: 'test' });
    expect(again.accepted).toEqual([]);
    expect(again.duplicates).toEqual([
      { index: 0, id: events[1]!.id, server_seq: 2 },
      { index: 1, id: events[1]!.id, server_seq: 2 },
    ]);
    expect(store.count()).toBe(3);
  });

  it('rejects a bad event with its field while the rest of the batch is stored', () => {
    const { store } = open();
    const [good1, bad, good2] = makeEvents(3);
    const broken = { ...bad!, payload: { source: 42 } };
    const result = store.append([good1, broken, good2], { origin: 'test' });
    expect(result.accepted.map((a) => a.index)).toEqual([0, 2]);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ index: 1, id: bad!.id });
    expect(result.rejected[0]!.issues[0]!.path).toBe('payload.source');
  });

  it('filters by project, kind prefix and corr_id; tail returns the newest N ascending', () => {
    const { store } = open();
    store.append([...makeEvents(5, 1, 'p1'), ...makeEvents(5, 2, 'p2')], { origin: 'test' });
    expect(store.after(0, { projectId: 'p2' }).map((e) => e.server_seq)).toEqual([6, 7, 8, 9, 10]);
    expect(store.after(7, { projectId: 'p2' }, 2).map((e) => e.server_seq)).toEqual([8, 9]);
    expect(store.after(0, { prefixes: ['episode.'] })).toEqual([]);
    expect(store.after(0, { prefixes: ['episode.', 'obs.'] })).toHaveLength(10);
    expect(store.after(0, { corrId: 'c0', projectId: 'p1' }).map((e) => e.server_seq)).toEqual([1, 4]);
    expect(store.tail(3).map((e) => e.server_seq)).toEqual([8, 9, 10]);
    expect(store.tail(2, { projectId: 'p1' }).map((e) => e.server_seq)).toEqual([4, 5]);
  });

  it('tells listeners about new events only, with origin and source', () => {
    const { store } = open();
    const seen: { seqs: number[]; origin: string; source?: string }[] = [];
    store.onAppended((events, note) => seen.push({ seqs: events.map((e) => e.server_seq), ...note }));
    const events = makeEvents(2);
    store.append(events, { origin: 'sync', source: 'conn-1' });
    store.append(events, { origin: 'nats' });
    expect(seen).toEqual([{ seqs: [1, 2], origin: 'sync', source: 'conn-1', received: expect.any(Number) }]);
  });

  it('random batches with duplicates: every id stored exactly once, seq strictly increasing, nothing lost on reopen', () => {
    const pool = makeEvents(60, 7);
    const path = tempPath();
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 20 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (batches) => {
          const first = open(path);
          first.db.exec('DELETE FROM events');
          const seqById = new Map<string, number>();
          for (const batch of batches) {
            const result = first.store.append(
              batch.map((i) => pool[i]),
              { origin: 'test' },
            );
            expect(result.accepted.length + result.duplicates.length).toBe(batch.length);
            for (const a of [...result.accepted, ...result.duplicates]) {
              if (seqById.has(a.id)) expect(a.server_seq).toBe(seqById.get(a.id));
              seqById.set(a.id, a.server_seq);
            }
          }
          first.db.close();
          const reopened = open(path);
          const stored = reopened.store.after(0);
          expect(stored.map((e) => e.id).sort()).toEqual([...seqById.keys()].sort());
          for (let i = 1; i < stored.length; i++)
            expect(stored[i]!.server_seq).toBeGreaterThan(stored[i - 1]!.server_seq);
          for (const event of stored) expect(event.server_seq).toBe(seqById.get(event.id));
          reopened.db.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('replay visits every event once, ascending, in chunks', () => {
    const { store } = open();
    store.append(makeEvents(25), { origin: 'test' });
    const seqs: number[] = [];
    store.replay((chunk) => seqs.push(...chunk.map((e) => e.server_seq)), 10);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(store.lastSeq()).toBe(25);
  });
});
