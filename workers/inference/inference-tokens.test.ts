/**
 * The inference api on the shared token port (workers/shared/token-port.ts): every
 * generate's tokens go to the port tagged with its request id, and none are counted as
 * delivered before a port is connected.
 */
import { describe, expect, it } from 'vitest';
import { createProbeBackend } from './adapters';
import type { TokenMessage } from './api';
import { createInferenceApi } from './inference-api';

const user = (content: string) => [{ role: 'user' as const, content }];

function api() {
  return createInferenceApi([createProbeBackend({ sleep: async () => undefined, clock: { now: () => Date.now() } })]);
}

describe('the inference api on its token port', () => {
  it('sends the tokens of every generate to the port, tagged with the request id, in order', async () => {
    const worker = api();
    const sent: TokenMessage[] = [];
    await worker.connectTokenPort({ postMessage: (message) => sent.push(message) });
    await worker.load({ id: 'probe' });
    const result = await worker.generate('r7', user('one two'), {});
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((m) => m.requestId === 'r7')).toBe(true);
    expect(sent.flatMap((m) => m.tokens).join('')).toBe(result.text);
    expect(result.delivered).toBe(result.tokens);
  });

  it('still generates (tokens dropped, none counted as delivered) before a port is connected', async () => {
    const worker = api();
    await worker.load({ id: 'probe' });
    const early = await worker.generate('r1', user('hi'), {});
    expect(early).toMatchObject({ finish: 'stop', delivered: 0 });
    expect(early.tokens).toBeGreaterThan(0);
    const sent: TokenMessage[] = [];
    await worker.connectTokenPort({ postMessage: (message) => sent.push(message) });
    const result = await worker.generate('r2', user('hi there'), {});
    expect(sent.flatMap((m) => m.tokens).join('')).toBe(result.text);
    expect(result.delivered).toBe(result.tokens);
  });
});
