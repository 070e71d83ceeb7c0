/**
 * The journal's erasure contract (spec/journal.md J17–J18, SPEC §7), declared once and
 * run against every implementation (app/db/journal-erasure.test.ts: Dexie on
 * fake-indexeddb and the in-memory test journal), as journal-contract.ts is.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { ErasureNote } from '../../../core/journal/types';
import { conversationEvents, erasureMaker, tombstoneOf } from '../../../core/read-models/testing/erasure-scenario';
import type { ContractSubject } from './journal-contract';

/** Every stored event's id, in seq order. */
async function storedIds(subject: ContractSubject): Promise<string[]> {
  const ids: string[] = [];
  await subject.journal.scan((chunk) => ids.push(...chunk.map((event) => event.id)));
  return ids;
}

export function erasureContract(name: string, makeImpl: () => Promise<ContractSubject>): void {
  describe(`${name} (erasure contract)`, () => {
    const open: ContractSubject[] = [];
    afterEach(() => open.splice(0).forEach((subject) => subject.close()));
    const fresh = async () => {
      const subject = await makeImpl();
      open.push(subject);
      return subject;
    };

    test("J17: eraseConversation removes the conversation's events and its episodes' events, nothing else", async () => {
      const subject = await fresh();
      const make = erasureMaker();
      const a = conversationEvents(make, 'a', 2);
      const b = conversationEvents(make, 'b', 1);
      const loose = make('tokens.out', { seq: 0, count: 1, text: 'no conversation' }, { corr_id: 'loose' });
      const stone = tombstoneOf(make, 'a');
      await subject.journal.appendBatch([...a.own, ...a.leases, ...b.own, ...b.leases, loose, stone]);
      // Its episodes are found from their episode.started rows: no corr ids are passed.
      const removed = await subject.journal.eraseConversation('a', []);
      expect(removed).toBe(a.own.length);
      const keep = [...a.leases, ...b.own, ...b.leases, loose, stone].map((event) => event.id);
      expect((await storedIds(subject)).sort()).toEqual(keep.sort());
      expect(await subject.journal.count()).toBe(keep.length);
      expect((await subject.journal.query({ corrId: 'a-e0' })).events.map((event) => event.kind)).toEqual([
        'leases.created',
      ]);
      expect(await subject.journal.eraseConversation('a', [])).toBe(0);
      // Which episodes were erased outlives their rows (their leases.* stay with those corr ids).
      expect((await subject.journal.erasedEpisodes())['a']?.sort()).toEqual(['a-e0', 'a-e1']);
      expect(Object.keys(await subject.journal.erasedEpisodes())).toEqual(['a']);
    });

    test('J17: the given corr ids are erased even when their episode.started is not stored', async () => {
      const subject = await fresh();
      const make = erasureMaker();
      const a = conversationEvents(make, 'a', 2);
      const withoutStarts = a.own.filter((event) => event.kind !== 'episode.started');
      await subject.journal.appendBatch(withoutStarts);
      expect(await subject.journal.eraseConversation('a', ['a-e1'])).toBe(2 + 3);
      const left = await subject.journal.query({ corrId: 'a-e0' });
      expect(left.events).toHaveLength(3);
    });

    test('J17: seq keeps increasing after an erasure, and an erased id may arrive again', async () => {
      const subject = await fresh();
      const make = erasureMaker();
      const a = conversationEvents(make, 'a', 1);
      const stored = await subject.journal.appendBatch(a.own);
      await subject.journal.eraseConversation('a', []);
      const next = await subject.journal.append(make('tokens.out', { seq: 1, count: 1, text: 'x' }, {}));
      expect(next.seq).toBeGreaterThan(stored[stored.length - 1]!.seq);
      // A late copy from a sync server is stored again (the eraser removes it once more).
      const again = await subject.journal.ingest([a.own[3]!]);
      expect(again.stored.map((event) => event.id)).toEqual([a.own[3]!.id]);
    });

    test('J18: onErased listeners hear the conversation and the removed ids; unsubscribe stops them', async () => {
      const subject = await fresh();
      const make = erasureMaker();
      const a = conversationEvents(make, 'a', 1);
      const b = conversationEvents(make, 'b', 1);
      await subject.journal.appendBatch([...a.own, ...b.own]);
      const notes: ErasureNote[] = [];
      const stop = subject.journal.onErased((note) => notes.push(note));
      await subject.journal.eraseConversation('a', []);
      await subject.journal.eraseConversation('zzz', []);
      stop();
      await subject.journal.eraseConversation('b', []);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.conversationId).toBe('a');
      expect([...notes[0]!.ids].sort()).toEqual(a.own.map((event) => event.id).sort());
    });
  });
}
