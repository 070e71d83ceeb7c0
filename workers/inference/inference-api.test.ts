/**
 * The inference worker api in Node, without a worker: loading, streaming to the token
 * port, abort by request id, boundary errors, and round trips over a real Comlink channel.
 */
import * as Comlink from 'comlink';
import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage, LoadProgress } from '../../core/agent/model';
import { createProbeBackend } from './adapters';
import type { InferenceApi, InferencePoolApi, PoolEvent, TokenMessage, TokenPortApi } from './api';
import { createInferenceApi } from './inference-api';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const clock = { now: () => Date.now() };
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

function probeApi(tokenDelayMs = 0) {
  return createInferenceApi([createProbeBackend({ sleep, clock, tokenDelayMs })]);
}

/**
 * The probe api with its token port connected: `tokens(id)` is what was posted for a
 * request so far; `onBatch` runs on every posted batch (e.g. to abort mid-stream).
 */
function probeWithPort(tokenDelayMs = 0, onBatch?: (message: TokenMessage) => void) {
  const api = probeApi(tokenDelayMs);
  const posted: TokenMessage[] = [];
  void api.connectTokenPort({ postMessage: (message) => (posted.push(message), onBatch?.(message)) });
  const tokens = (requestId: string) => posted.filter((m) => m.requestId === requestId).flatMap((m) => m.tokens);
  return { api, posted, tokens };
}

/** The `{ code, message }` a boundary rejection carries in its JSON message. */
async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('AppError');
  return JSON.parse((error as Error).message) as { code: string; message: string };
}

describe('createInferenceApi', () => {
  it('lists the probe and loads it with progress', async () => {
    const api = probeApi();
    expect(await api.list()).toEqual([
      { id: 'probe', label: 'Probe agent (rule-based, deterministic)', backend: 'rules', demo: true },
    ]);
    const fractions: number[] = [];
    expect(await api.load({ id: 'probe' }, (p) => fractions.push(p.fraction))).toMatchObject({
      id: 'probe',
      demo: true,
    });
    expect(fractions).toEqual([0, 1]);
  });

  it('errors cross as an Error named AppError with {code, message} JSON', async () => {
    const api = probeApi();
    expect(await rejection(api.generate('r1', user('hi'), {}))).toMatchObject({ code: 'model-not-loaded' });
    expect(await rejection(api.embed(['x']))).toMatchObject({ code: 'model-not-loaded' });
    expect(await rejection(api.load({ id: 'llama-70b' }))).toMatchObject({
      code: 'model-unknown',
      message: expect.stringContaining('llama-70b'),
    });
  });

  it('streams every token to the token port before generate resolves', async () => {
    const { api, tokens: tokensOf } = probeWithPort(1);
    await api.load({ id: 'probe' });
    const result = await api.generate('r1', user('one two'), {});
    const tokens = tokensOf('r1');
    expect(tokens.join('')).toBe('You wrote 2 words: "one two".');
    expect(result).toMatchObject({ text: tokens.join(''), tokens: 6, finish: 'stop' });
    expect((await api.stats()).tokensPerSecond).toBeGreaterThan(0);
  });

  it('abort(requestId) stops a generation mid-stream with finish aborted', async () => {
    // The first token comes alone at once; abort as soon as it is here.
    const { api, tokens: tokensOf } = probeWithPort(5, () => void api.abort('r-abort'));
    await api.load({ id: 'probe' });
    const result = await api.generate('r-abort', user('a b c d e f g h'), {});
    const tokens = tokensOf('r-abort');
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
    const first = api.generate('a', user('x y z'), {});
    const second = api.generate('b', user('x y z'), {});
    await api.abort('a');
    expect((await first).finish).toBe('aborted');
    expect((await second).finish).toBe('stop');
  });

  it('posts every token before it resolves and says how many in delivered', async () => {
    const { api, tokens } = probeWithPort();
    await api.load({ id: 'probe' });
    const result = await api.generate('r1', user('hello'), { maxTokens: 3 });
    expect(result.finish).toBe('length');
    expect(result.delivered).toBe(3);
    expect(tokens('r1').join('')).toBe(result.text);
  });

  it('embeds with the loaded model; unload makes generate fail again', async () => {
    const api = probeApi();
    await api.load({ id: 'probe' });
    const [vector] = await api.embed(['red apple']);
    expect(vector).toHaveLength(64);
    await api.unload();
    expect(await api.stats()).toEqual({ tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 });
    expect(await rejection(api.generate('r2', user('hi'), {}))).toMatchObject({ code: 'model-not-loaded' });
  });
});

describe('createInferenceApi over a real Comlink channel', () => {
  it('keeps the error code, every progress report and every token (on a transferred token port) across structured clone', async () => {
    const channel = new MessageChannel();
    const tokenChannel = new MessageChannel();
    Comlink.expose(probeApi(1), channel.port1);
    const remote = Comlink.wrap<InferenceApi & TokenPortApi>(channel.port2);
    const tokens: string[] = [];
    tokenChannel.port1.onmessage = (event: MessageEvent<TokenMessage>) => void tokens.push(...event.data.tokens);
    try {
      await remote.connectTokenPort(Comlink.transfer(tokenChannel.port2, [tokenChannel.port2]));
      expect(await rejection(remote.generate('r0', user('hi'), {}))).toMatchObject({ code: 'model-not-loaded' });
      const fractions: number[] = [];
      await remote.load(
        { id: 'probe' },
        Comlink.proxy((p: LoadProgress) => void fractions.push(p.fraction)),
      );
      expect(fractions).toEqual([0, 1]);
      const result = await remote.generate('r1', user('one two three'), {});
      // The reply may overtake its tokens (they travel on the token port): `delivered` says how many to expect.
      expect(result.delivered).toBe(result.tokens);
      await vi.waitFor(() => expect(tokens).toHaveLength(result.delivered));
      expect(tokens.join('')).toBe(result.text);
    } finally {
      remote[Comlink.releaseProxy]();
      channel.port1.close();
      channel.port2.close();
      tokenChannel.port1.close();
    }
  });
});

describe('createInferenceApi with the engine pool and runtime profiles', () => {
  const mirror = { id: 'probe', url: 'https://mirror.example/' };
  const manyWords = 'w '.repeat(1500).trim();

  it('load keeps the previous model warm; generate can address a warm engine by model', async () => {
    const api = probeApi();
    await api.load({ id: 'probe' });
    await api.load(mirror);
    const state = await api.poolState();
    expect(state).toMatchObject({ profile: 'balanced', maxEngines: 2, maxConcurrentPerEngine: 2 });
    expect(state.engines.map((e) => e.key)).toEqual(['probe@https://mirror.example/', 'probe']);
    const result = await api.generate('r1', user('one two'), { model: { id: 'probe' } });
    expect(result.finish).toBe('stop');
    // Addressing 'probe' made it the most recently used; nothing was loaded again.
    expect((await api.poolState()).engines.map((e) => [e.key, e.busy, e.queued])).toEqual([
      ['probe', 0, 0],
      ['probe@https://mirror.example/', 0, 0],
    ]);
  });

  it('the profile sets the default reply length and the context cap', async () => {
    const api = probeApi();
    await api.load({ id: 'probe' });
    const balanced = await api.generate('r1', user(manyWords), {});
    expect(balanced).toMatchObject({ tokens: 40, finish: 'length' });
    expect(balanced.text).toMatch(/^You wrote 1500 words/);
    await api.setProfile('power-saver');
    const saver = await api.generate('r2', user(manyWords), {});
    // 2,000 characters of the 2,999-character prompt reach the model, and 24 tokens come back.
    expect(saver).toMatchObject({ tokens: 24, finish: 'length' });
    expect(saver.text).toMatch(/^You wrote 1000 words/);
    expect((await api.generate('r3', user(manyWords), { maxTokens: 30 })).tokens).toBe(30);
  });

  it('setProfile applies the limits, reports to watchers and rejects unknown names naming the accepted ones', async () => {
    const api = probeApi();
    const events: PoolEvent[] = [];
    await api.watchPool((event) => void events.push(event));
    await api.load({ id: 'probe' });
    await api.load(mirror);
    const state = await api.setProfile('power-saver');
    expect(state).toMatchObject({ profile: 'power-saver', maxEngines: 1, maxConcurrentPerEngine: 1 });
    expect(state.engines.map((e) => e.key)).toEqual(['probe@https://mirror.example/']);
    expect(events.map((e) => e.type)).toEqual(['loaded', 'loaded', 'profile', 'evicted']);
    expect(events[2]).toMatchObject({ profile: 'power-saver', previous: 'balanced' });
    expect(events[3]).toMatchObject({ key: 'probe', reason: 'engine-limit' });
    const error = await rejection(api.setProfile('turbo' as never));
    expect(error).toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/^profile: got 'turbo'; accepted values are performance, balanced, power-saver$/),
    });
    expect((await api.poolState()).profile).toBe('power-saver');
  });

  it('a generation queued behind the concurrency limit can be aborted and ends aborted without tokens', async () => {
    const { api, tokens } = probeWithPort(5);
    await api.setProfile('power-saver');
    await api.load({ id: 'probe' });
    const first = api.generate('a', user('x y z'), {});
    const queued = api.generate('b', user('x y z'), {});
    await expect.poll(async () => (await api.poolState()).engines[0]?.queued).toBe(1);
    await api.abort('b');
    expect(await queued).toMatchObject({ finish: 'aborted', tokens: 0, text: '', delivered: 0 });
    expect(tokens('b')).toEqual([]);
    expect((await first).finish).toBe('stop');
  });

  it('unloadEngine unloads one warm engine; the active model loads again on its next use', async () => {
    const api = probeApi();
    await api.load({ id: 'probe' });
    expect(await api.unloadEngine('probe')).toBe(true);
    expect(await api.unloadEngine('probe')).toBe(false);
    expect((await api.poolState()).engines).toEqual([]);
    expect((await api.generate('r1', user('still here'), {})).finish).toBe('stop');
    expect((await api.poolState()).engines.map((e) => e.key)).toEqual(['probe']);
  });

  it('pool events and profile switches cross a real Comlink channel', async () => {
    const channel = new MessageChannel();
    Comlink.expose(probeApi(), channel.port1);
    const remote = Comlink.wrap<InferenceApi & InferencePoolApi>(channel.port2);
    try {
      const events: PoolEvent[] = [];
      await remote.watchPool(Comlink.proxy((event: PoolEvent) => void events.push(event)));
      await remote.load({ id: 'probe' });
      expect(await remote.setProfile('performance')).toMatchObject({
        profile: 'performance',
        engines: [{ key: 'probe', phase: 'ready' }],
      });
      await expect.poll(() => events.map((e) => e.type)).toEqual(['loaded', 'profile']);
      expect(await rejection(remote.setProfile('fast' as never))).toMatchObject({ code: 'invalid-request' });
    } finally {
      remote[Comlink.releaseProxy]();
      channel.port1.close();
      channel.port2.close();
    }
  });
});
