/**
 * The inference worker api in Node, without a worker: loading, streaming, abort by
 * request id, boundary errors, and one round trip over a real Comlink channel.
 */
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, LoadProgress } from '../../core/agent/model';
import { createProbeBackend } from './adapters';
import type { InferenceApi } from './api';
import { createInferenceApi } from './inference-api';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const clock = { now: () => Date.now() };
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

function probeApi(tokenDelayMs = 0) {
  return createInferenceApi([createProbeBackend({ sleep, clock, tokenDelayMs })]);
}

/** The `{ code, message }` a boundary rejection carries in its JSON message. */
async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(() => expect.fail('expected a rejection'), (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('AppError');
  return JSON.parse((error as Error).message) as { code: string; message: string };
}

describe('createInferenceApi', () => {
  it('lists the probe and loads it with progress', async () => {
    const api = probeApi();
    expect(await api.list()).toEqual([{ id: 'probe', label: 'Probe agent (rule-based, deterministic)', backend: 'rules', demo: true }]);
    const fractions: number[] = [];
    expect(await api.load({ id: 'probe' }, (p) => fractions.push(p.fraction))).toMatchObject({ id: 'probe', demo: true });
    expect(fractions).toEqual([0, 1]);
  });

  it('errors cross as an Error named AppError with {code, message} JSON', async () => {
    const api = probeApi();
    expect(await rejection(api.generate('r1', user('hi'), {}, () => undefined))).toMatchObject({ code: 'model-not-loaded' });
    expect(await rejection(api.embed(['x']))).toMatchObject({ code: 'model-not-loaded' });
    expect(await rejection(api.load({ id: 'llama-70b' }))).toMatchObject({ code: 'model-unknown', message: expect.stringContaining('llama-70b') });
  });

  it('streams every token before generate resolves', async () => {
    const api = probeApi(1);
    await api.load({ id: 'probe' });
    const tokens: string[] = [];
    const result = await api.generate('r1', user('one two'), {}, (batch) => void tokens.push(...batch));
    expect(tokens.join('')).toBe('You wrote 2 words: "one two".');
    expect(result).toMatchObject({ text: tokens.join(''), tokens: 6, finish: 'stop' });
    expect((await api.stats()).tokensPerSecond).toBeGreaterThan(0);
  });

  it('abort(requestId) stops a generation mid-stream with finish aborted', async () => {
    const api = probeApi(5);
    await api.load({ id: 'probe' });
    const tokens: string[] = [];
    // The first token comes alone at once; abort as soon as it is here.
    const running = api.generate('r-abort', user('a b c d e f g h'), {}, (batch) => {
      tokens.push(...batch);
      void api.abort('r-abort');
    });
    const result = await running;
    expect(result.finish).toBe('aborted');
    expect(tokens[0]).toBe('You ');
    // Stopped long before the 14-token reply; every produced token was still delivered.
    expect(result.tokens).toBeLessThan(6);
    expect(tokens.join('')).toBe(result.text);
    await api.abort('r-abort');
  });

  it('abort of one request leaves another running', async () => {
    const api = probeApi(2);
    await api.load({ id: 'probe' });
    const first = api.generate('a', user('x y z'), {}, () => undefined);
    const second = api.generate('b', user('x y z'), {}, () => undefined);
    await api.abort('a');
    expect((await first).finish).toBe('aborted');
    expect((await second).finish).toBe('stop');
  });

  it('waits for asynchronous token deliveries (Comlink proxies) and then releases the callback', async () => {
    const api = probeApi();
    await api.load({ id: 'probe' });
    const delivered: string[] = [];
    let released = 0;
    const onTokens = Object.assign((tokens: string[]) => sleep(5).then(() => void delivered.push(...tokens)), {
      [Comlink.releaseProxy]: () => void (released += 1),
    });
    const result = await api.generate('r1', user('hello'), { maxTokens: 3 }, onTokens as (tokens: string[]) => void);
    expect(result.finish).toBe('length');
    expect(delivered).toHaveLength(3);
    expect(delivered.join('')).toBe(result.text);
    expect(released).toBe(1);
  });

  it('embeds with the loaded model; unload makes generate fail again', async () => {
    const api = probeApi();
    await api.load({ id: 'probe' });
    const [vector] = await api.embed(['red apple']);
    expect(vector).toHaveLength(64);
    await api.unload();
    expect(await api.stats()).toEqual({ tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 });
    expect(await rejection(api.generate('r2', user('hi'), {}, () => undefined))).toMatchObject({ code: 'model-not-loaded' });
  });
});

describe('createInferenceApi over a real Comlink channel', () => {
  it('keeps the error code, every progress report and every token across structured clone', async () => {
    const channel = new MessageChannel();
    Comlink.expose(probeApi(1), channel.port1);
    const remote = Comlink.wrap<InferenceApi>(channel.port2);
    try {
      expect(await rejection(remote.generate('r0', user('hi'), {}, Comlink.proxy(() => undefined)))).toMatchObject({ code: 'model-not-loaded' });
      const fractions: number[] = [];
      await remote.load({ id: 'probe' }, Comlink.proxy((p: LoadProgress) => void fractions.push(p.fraction)));
      expect(fractions).toEqual([0, 1]);
      const tokens: string[] = [];
      const result = await remote.generate('r1', user('one two three'), {}, Comlink.proxy((batch: string[]) => void tokens.push(...batch)));
      expect(tokens.join('')).toBe(result.text);
    } finally {
      remote[Comlink.releaseProxy]();
      channel.port1.close();
      channel.port2.close();
    }
  });
});
