import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startedPayload } from '../agent/episode-input';
import { createEventFactory } from '../journal/event-factory';
import { deriveTurns, historyOf } from './chat-turns';
import { applySelection, groupVariants, withRunningVariant, type ChatVariant } from './turn-variants';

let ms = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const make = createEventFactory({
  actor: 'device:t',
  clock: { now: () => (ms += 5) },
  newId: () => `01J${String(++n).padStart(23, '0')}`,
});

/** One chat episode; `turnOf` makes it a variant of that turn. */
function episode(corr: string, text: string, reply: string, turnOf?: string) {
  const c = { corr_id: corr };
  return [
    make('episode.started', { agent: 'chat', input: text, ...(turnOf ? { turn_of: turnOf } : {}) }, c),
    make('obs.recorded', { source: 'user', text }, c),
    make('tokens.out', { seq: 0, count: 1, text: reply }, c),
    make('actions.taken', { action: 'reply', ok: true, output: { text: reply } }, c),
    make('episode.completed', { duration_ms: 9 }, c),
  ];
}

const variant = (corrId: string, time: string, extra: Partial<ChatVariant> = {}): ChatVariant => ({
  corrId,
  time,
  user: `u-${corrId}`,
  reply: `r-${corrId}`,
  status: 'completed',
  ...extra,
});

describe('turns and variants (episode.started turn_of)', () => {
  it('groups a turn’s regenerations and edits under its first episode, newest shown, one user message each', () => {
    const events = [
      ...episode('A', 'first question', 'answer A'),
      ...episode('B', 'second question', 'answer B1'),
      ...episode('B2', 'second question', 'answer B2', 'B'),
      ...episode('B3', 'second question, edited', 'answer B3', 'B'),
    ];
    const turns = deriveTurns(events.reverse());
    expect(turns.map((t) => [t.turnId, t.corrId, t.user, t.reply, t.shown, t.variants.length])).toEqual([
      ['A', 'A', 'first question', 'answer A', 0, 1],
      ['B', 'B3', 'second question, edited', 'answer B3', 2, 3],
    ]);
    expect(turns[1]!.variants.map((v) => [v.corrId, v.turnOf, v.reply])).toEqual([
      ['B', undefined, 'answer B1'],
      ['B2', 'B', 'answer B2'],
      ['B3', 'B', 'answer B3'],
    ]);
  });

  it('a variant of a variant joins the first episode’s turn; a missing first episode still makes one turn', () => {
    const turns = groupVariants([
      variant('X2', 't2', { turnOf: 'X' }),
      variant('X', 't1'),
      variant('X3', 't3', { turnOf: 'X2' }),
      variant('Y2', 't4', { turnOf: 'Y' }),
      variant('Y3', 't5', { turnOf: 'Y' }),
    ]);
    expect(turns.map((t) => [t.turnId, t.variants.map((v) => v.corrId)])).toEqual([
      ['X', ['X', 'X2', 'X3']],
      ['Y', ['Y2', 'Y3']],
    ]);
  });

  it('`limit` counts turns, not episodes', () => {
    const events = [
      ...episode('A', 'a', 'ra'),
      ...episode('B', 'b', 'rb1'),
      ...episode('B2', 'b', 'rb2', 'B'),
      ...episode('B3', 'b', 'rb3', 'B'),
    ];
    expect(deriveTurns(events, { limit: 2 }).map((t) => t.turnId)).toEqual(['A', 'B']);
  });

  it('a selection shows that variant; history uses each turn’s shown variant', () => {
    const events = [
      ...episode('A', 'hi', 'hello 1'),
      ...episode('A2', 'hi again', 'hello 2', 'A'),
      ...episode('C', 'next', 'reply C'),
    ];
    const turns = applySelection(deriveTurns(events), { A: 'A', C: 'nope' });
    expect(turns.map((t) => [t.turnId, t.corrId, t.shown])).toEqual([
      ['A', 'A', 0],
      ['C', 'C', 0],
    ]);
    expect(historyOf(turns)).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello 1' },
      { role: 'user', content: 'next' },
      { role: 'assistant', content: 'reply C' },
    ]);
    expect(historyOf(deriveTurns(events)).slice(0, 2)).toEqual([
      { role: 'user', content: 'hi again' },
      { role: 'assistant', content: 'hello 2' },
    ]);
  });

  it('the running episode of this tab: a new variant (shown) before its events, the further text after', () => {
    const turns = groupVariants([variant('A', 't1'), variant('B', 't2')]);
    const running = variant('A2', 't3', { turnOf: 'A', status: 'running', reply: 'par', user: 'u-A' });
    const added = withRunningVariant(turns, running);
    expect(added.map((t) => [t.turnId, t.corrId, t.shown, t.variants.length])).toEqual([
      ['A', 'A2', 1, 2],
      ['B', 'B', 0, 1],
    ]);
    // Its first events are folded (a shorter reply): the streamed text wins until the events catch up.
    const folded = groupVariants([variant('A', 't1'), variant('B', 't2'), { ...running, reply: 'p' }]);
    expect(withRunningVariant(folded, { ...running, reply: 'partial' })[0]).toMatchObject({
      corrId: 'A2',
      reply: 'partial',
    });
    const done = groupVariants([variant('A', 't1'), { ...running, status: 'completed', reply: 'done' }]);
    expect(withRunningVariant(done, { ...running, reply: 'partial' })[0]).toMatchObject({ reply: 'done' });
    // A new message is a new turn at the end.
    expect(withRunningVariant(turns, variant('N', 't9', { status: 'running' })).map((t) => t.turnId)).toEqual([
      'A',
      'B',
      'N',
    ]);
  });

  it('episode.started records turn_of when the input names the turn', () => {
    expect(startedPayload({}, { text: 'again', agent: 'chat', turnOf: 'A' })).toEqual({
      agent: 'chat',
      input: 'again',
      turn_of: 'A',
    });
    expect(startedPayload({}, { text: 'new', agent: 'chat' })).not.toHaveProperty('turn_of');
  });

  it('grouping depends only on the set of episodes: any order of their events gives the same turns', () => {
    const events = [
      ...episode('P', 'q1', 'a1'),
      ...episode('P2', 'q1', 'a2', 'P'),
      ...episode('Q', 'q2', 'b1'),
      ...episode('P3', 'q1 edited', 'a3', 'P'),
      ...episode('Q2', 'q2', 'b2', 'Q'),
      ...episode('R2', 'orphan', 'c2', 'R'),
    ];
    const canonical = deriveTurns(events);
    expect(canonical.map((t) => [t.turnId, t.variants.length])).toEqual([
      ['P', 3],
      ['Q', 2],
      ['R', 1],
    ]);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        expect(deriveTurns(shuffled)).toEqual(canonical);
      }),
      { numRuns: 100 },
    );
  });
});
