/** The reply-text fold (SPEC E3 `tokens.out`): one text per stream, in `seq` order, counted, done at the end. */
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { createReplyTextsModel, replyTextOf } from './reply-text';
import { rebuild } from './types';

let n = 0;
/** `corr` null: an event without a corr_id. */
function ev(kind: string, payload: Record<string, unknown>, corr: string | null = 'C1'): EventEnvelope {
  n += 1;
  const event: EventEnvelope = {
    id: `E${String(n).padStart(4, '0')}`,
    time: new Date(1_000 + n).toISOString(),
    kind,
    v: 1,
    actor: 'device:x',
    payload,
  };
  if (corr !== null) event.corr_id = corr;
  return event;
}

const model = createReplyTextsModel();
const fold = (events: EventEnvelope[]) => rebuild(model, events);

describe('reply texts', () => {
  it('joins the chunks of one episode by seq and sums their counts', () => {
    const state = fold([
      ev('tokens.out', { seq: 1, count: 2, text: 'lo' }),
      ev('tokens.out', { seq: 0, count: 1, text: 'hel' }),
    ]);
    expect(replyTextOf(state, 'C1')).toEqual({ text: 'hello', count: 3, chunks: 2, done: false });
  });

  it('keeps episodes apart; a chunk without corr_id is a stream of its own', () => {
    const lone = ev('tokens.out', { seq: 0, count: 1, text: 'x' }, null);
    const view = model.view(
      fold([
        ev('tokens.out', { seq: 0, count: 1, text: 'a' }, 'A'),
        ev('tokens.out', { seq: 0, count: 1, text: 'b' }, 'B'),
        lone,
      ]),
      0,
    );
    expect(Object.fromEntries(Object.entries(view).map(([key, reply]) => [key, reply.text]))).toEqual({
      A: 'a',
      B: 'b',
      [lone.id]: 'x',
    });
  });

  it('is done after a final chunk or once the episode ended (in either order), not at its start', () => {
    expect(
      replyTextOf(
        fold([ev('episode.started', { agent: 'a' }), ev('tokens.out', { seq: 0, count: 1, text: 'a' })]),
        'C1',
      )!.done,
    ).toBe(false);
    expect(replyTextOf(fold([ev('tokens.out', { seq: 0, count: 1, text: 'a', final: true })]), 'C1')!.done).toBe(true);
    const chunk = ev('tokens.out', { seq: 0, count: 1, text: 'a' });
    const end = ev('episode.canceled', { reason: 'stop' });
    expect(replyTextOf(fold([chunk, end]), 'C1')!.done).toBe(true);
    expect(replyTextOf(fold([end, chunk]), 'C1')!.done).toBe(true);
  });

  it('counts a chunk delivered twice once', () => {
    const chunk = ev('tokens.out', { seq: 0, count: 4, text: 'once' });
    expect(replyTextOf(fold([chunk, { ...chunk, payload: { ...chunk.payload } }]), 'C1')).toEqual({
      text: 'once',
      count: 4,
      chunks: 1,
      done: false,
    });
  });

  it('has no reply for an episode without chunks', () => {
    const state = fold([ev('episode.completed', { duration_ms: 3 })]);
    expect(replyTextOf(state, 'C1')).toBeUndefined();
    expect(model.view(state, 0)).toEqual({});
  });
});
