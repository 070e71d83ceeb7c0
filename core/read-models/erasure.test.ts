/**
 * SPEC §7 erasure rule: the tombstone removes its conversation's `conversation.*` events
 * and every event of its episodes, `leases.*` and tombstones excepted; the rule holds in
 * any order of arrival (property test with fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import type { MakeEvent } from '../journal/event-factory';
import {
  createErasureIndex,
  erasedConversationOf,
  erasedCorrIds,
  foldErasure,
  foldErasures,
  isErased,
  isErasedEpisode,
  type ErasureIndex,
} from './erasure';
import { conversationEvents, erasureMaker, tombstoneOf } from './testing/erasure-scenario';

const maker = () => erasureMaker();
const conversation = (make: MakeEvent, id: string, episodes: number) => conversationEvents(make, id, episodes);
const tombstone = (make: MakeEvent, id: string, corrIds?: string[]) => tombstoneOf(make, id, corrIds);

const kept = (index: ErasureIndex, events: readonly EventEnvelope[]) =>
  events.filter((event) => !isErased(index, event)).map((event) => event.id);

describe('erasure index (SPEC §7)', () => {
  it('the scenario events are valid events', () => {
    const make = maker();
    const a = conversation(make, 'a', 2);
    for (const event of [...a.own, ...a.leases, tombstone(make, 'a', a.corrIds)])
      expect(validateEvent(event), event.kind).toMatchObject({ ok: true });
  });

  it('erases the conversation.* events and every event of its episodes, not the tombstone or leases', () => {
    const make = maker();
    const a = conversation(make, 'a', 2);
    const b = conversation(make, 'b', 1);
    const stone = tombstone(make, 'a');
    const all = [...a.own, ...a.leases, ...b.own, ...b.leases, stone];
    const index = createErasureIndex();
    expect([...foldErasures(index, all)]).toEqual(['a']);
    for (const event of a.own) expect(isErased(index, event)).toBe(true);
    for (const event of [...a.leases, ...b.own, ...b.leases, stone]) expect(isErased(index, event)).toBe(false);
    expect(erasedCorrIds(index, 'a').sort()).toEqual(['a-e0', 'a-e1']);
    expect(isErasedEpisode(index, 'a-e1')).toBe(true);
    expect(isErasedEpisode(index, 'b-e0')).toBe(false);
    expect(erasedConversationOf(index, a.own[3]!)).toBe('a');
    expect(erasedConversationOf(index, b.own[3]!)).toBeUndefined();
  });

  it('a late event of an erased conversation is erased, and a late episode start grows the erasure', () => {
    const make = maker();
    const a = conversation(make, 'a', 1);
    const index = createErasureIndex();
    expect(foldErasure(index, tombstone(make, 'a'))).toBe('a');
    // The start arrives after the tombstone: the caller must remove what it stored of that episode.
    expect(foldErasure(index, a.own[2]!)).toBe('a');
    expect(foldErasure(index, a.own[2]!)).toBeUndefined();
    for (const event of a.own) expect(isErased(index, event)).toBe(true);
  });

  it("the tombstone's corr_ids erase episodes whose start this store never saw", () => {
    const make = maker();
    const a = conversation(make, 'a', 1);
    const index = createErasureIndex();
    foldErasure(index, tombstone(make, 'a', ['a-e0']));
    const tokens = a.own.find((event) => event.kind === 'tokens.out')!;
    expect(isErased(index, tokens)).toBe(true);
    expect(erasedConversationOf(index, tokens)).toBe('a');
    expect(erasedCorrIds(index, 'a')).toEqual(['a-e0']);
  });

  it('events without a conversation are never erased', () => {
    const make = maker();
    const index = createErasureIndex();
    foldErasure(index, tombstone(make, 'a'));
    expect(isErased(index, make('episode.started', { agent: 'probe' }, { corr_id: 'free' }))).toBe(false);
    expect(isErased(index, make('tokens.out', { seq: 0, count: 1, text: 'x' }, { corr_id: 'free' }))).toBe(false);
    expect(isErased(index, make('runtime.health', { component: 'sync', state: 'ok' }))).toBe(false);
  });
});

describe('erasure index properties', () => {
  const make = maker();
  const conversations = ['a', 'b', 'c'].map((id, i) => conversation(make, id, i + 1));
  const loose = [make('episode.started', { agent: 'probe' }, { corr_id: 'loose' })];
  const stones = new Map(conversations.map(({ id }) => [id, tombstone(make, id)]));

  it('erasing one conversation leaves every other event intact, in any order of arrival', () => {
    fc.assert(
      fc.property(fc.constantFrom('a', 'b', 'c'), fc.integer(), fc.boolean(), (erased, seed, named) => {
        const target = conversations.find((c) => c.id === erased)!;
        const corrIds = target.own.flatMap((e) => (e.kind === 'episode.started' ? [e.corr_id!] : []));
        const stone = named ? tombstone(make, erased, corrIds) : stones.get(erased)!;
        const all = [...conversations.flatMap((c) => [...c.own, ...c.leases]), ...loose, stone];
        const shuffled = fc.sample(fc.shuffledSubarray(all, { minLength: all.length }), { seed, numRuns: 1 })[0]!;
        const index = createErasureIndex();
        // Folded one by one, as a store sees them arrive; judged once everything arrived.
        for (const event of shuffled) foldErasure(index, event);
        const expected = all.filter((event) => !target.own.includes(event)).map((event) => event.id);
        expect(kept(index, shuffled).sort()).toEqual(expected.sort());
      }),
    );
  });

  it('what a store removes at arrival plus what each grown erasure removes equals the rebuilt answer', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...conversations.flatMap((c) => c.own), stones.get('b')!]), (arrivals) => {
        const index = createErasureIndex();
        const stored: EventEnvelope[] = [];
        for (const event of arrivals) {
          const grown = foldErasure(index, event);
          if (!isErased(index, event)) stored.push(event);
          // A grown erasure removes the stored events of that conversation (what a journal does).
          if (grown !== undefined)
            stored.splice(0, stored.length, ...stored.filter((kept) => erasedConversationOf(index, kept) !== grown));
        }
        const rebuilt = createErasureIndex();
        foldErasures(rebuilt, arrivals);
        expect(stored.map((e) => e.id).sort()).toEqual(kept(rebuilt, arrivals).sort());
      }),
    );
  });
});
