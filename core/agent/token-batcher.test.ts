/** `tokens.out` batching: 8 tokens or 50 ms per chunk, ttft on the first, final on the last. */
import { describe, expect, it } from 'vitest';
import { createTokenBatcher, type TokensOutChunk } from './token-batcher';

function setup(start = 100) {
  let now = start;
  const chunks: TokensOutChunk[] = [];
  const batcher = createTokenBatcher({ now: () => now }, start, (chunk) => chunks.push(chunk));
  return { batcher, chunks, advance: (ms: number) => (now += ms) };
}

describe('token batcher', () => {
  it('sends a chunk every 8 tokens; the first carries ttft_ms, the last is final', () => {
    const { batcher, chunks, advance } = setup();
    advance(7);
    for (let i = 0; i < 10; i++) batcher.push(`t${i} `);
    batcher.finish();
    expect(chunks).toEqual([
      { seq: 0, count: 8, text: 't0 t1 t2 t3 t4 t5 t6 t7 ', ttft_ms: 7 },
      { seq: 1, count: 2, text: 't8 t9 ', final: true },
    ]);
    expect(batcher.count).toBe(10);
  });

  it('sends a chunk older than 50 ms when the next token arrives', () => {
    const { batcher, chunks, advance } = setup();
    batcher.push('a ');
    advance(30);
    batcher.push('b ');
    advance(20);
    batcher.push('c ');
    batcher.push('d ');
    batcher.finish();
    expect(chunks.map((chunk) => [chunk.seq, chunk.text])).toEqual([
      [0, 'a b '],
      [1, 'c d '],
    ]);
  });

  it('a full last chunk is itself the final one (never an empty trailer)', () => {
    const { batcher, chunks } = setup();
    for (let i = 0; i < 8; i++) batcher.push('x');
    batcher.finish();
    expect(chunks).toEqual([{ seq: 0, count: 8, text: 'xxxxxxxx', ttft_ms: 0, final: true }]);
  });

  it('no tokens at all still ends with one empty final chunk', () => {
    const { batcher, chunks } = setup();
    batcher.finish();
    expect(chunks).toEqual([{ seq: 0, count: 0, text: '', final: true }]);
  });

  it('flush sends the pending tokens as a non-final chunk, sends nothing when none wait, and seq goes on', () => {
    const { batcher, chunks } = setup();
    batcher.flush();
    batcher.push('a');
    batcher.push('b');
    batcher.flush();
    batcher.push('c');
    batcher.finish();
    expect(chunks).toEqual([
      { seq: 0, count: 2, text: 'ab', ttft_ms: 0 },
      { seq: 1, count: 1, text: 'c', final: true },
    ]);
  });
});
