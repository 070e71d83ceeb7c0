import { describe, expect, it } from 'vitest';
import type { TokenMessage } from './api';
import { createProbeBackend } from './adapters';
import { createInferenceApi } from './inference-api';
import { withTokenPort } from './token-port';

const user = (content: string) => [{ role: 'user' as const, content }];

function api() {
  return withTokenPort(createInferenceApi([createProbeBackend({ sleep: async () => undefined, clock: { now: () => Date.now() } })]));
}

describe('withTokenPort', () => {
  it('sends the tokens of a generate without a callback to the port, tagged with the request id, in order', async () => {
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

  it('keeps a given callback, and still generates (tokens dropped) before a port is connected', async () => {
    const worker = api();
    await worker.load({ id: 'probe' });
    const early = await worker.generate('r1', user('hi'), {});
    expect(early.finish).toBe('stop');
    const sent: TokenMessage[] = [];
    await worker.connectTokenPort({ postMessage: (message) => sent.push(message) });
    const seen: string[] = [];
    const result = await worker.generate('r2', user('hi there'), {}, (tokens) => void seen.push(...tokens));
    expect(seen.join('')).toBe(result.text);
    expect(sent).toEqual([]);
  });
});
