/**
 * The one token path: batches posted to the connected port tagged with their request id,
 * in order, and dropped (not counted as delivered) before a port is connected.
 */
import { describe, expect, it } from 'vitest';
import type { TokenMessage } from './api';
import { createTokenPort, streamTokens } from './token-port';
import type { RelayTimers } from './token-relay';

describe('createTokenPort', () => {
  it('drops batches until a port is connected, then posts each one tagged with its request id', () => {
    const port = createTokenPort();
    expect(port.post('r1', ['lost'])).toBe(false);
    const sent: TokenMessage[] = [];
    port.connect({ postMessage: (message) => sent.push(message) });
    expect(port.post('r2', ['a', 'b'])).toBe(true);
    expect(sent).toEqual([{ requestId: 'r2', tokens: ['a', 'b'] }]);
  });
});

describe('streamTokens', () => {
  // A clock that never moves: after the first token, everything waits for flush.
  const still: RelayTimers = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };

  it('batches a generation on the port under its request id and counts only what was posted', () => {
    const port = createTokenPort();
    const early = streamTokens(port, 'r0', still);
    early.push('dropped');
    expect(early.delivered()).toBe(0);
    const sent: TokenMessage[] = [];
    port.connect({ postMessage: (message) => sent.push(message) });
    const stream = streamTokens(port, 'r1', still);
    for (const token of ['a', 'b', 'c']) stream.push(token);
    expect(stream.delivered()).toBe(1);
    stream.flush();
    expect(sent).toEqual([
      { requestId: 'r1', tokens: ['a'] },
      { requestId: 'r1', tokens: ['b', 'c'] },
    ]);
    expect(stream.delivered()).toBe(3);
  });
});
