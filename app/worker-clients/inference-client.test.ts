/**
 * The client against a real Comlink connection (a MessageChannel in Node) to a small
 * InferenceApi built on the probe model: abort, streaming and error mapping cross a
 * real structured-clone boundary. The worker's own api is tested in workers/.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createAbortSource } from '../../core/agent/abort';
import type { ChatMessage } from '../../core/agent/model';
import { createProbeModel, PROBE_MODEL_INFO } from '../../core/agent/probe-model';
import { AppError } from '../../core/errors';
import type { InferenceApi } from '../../workers/inference/api';
import { toAppError } from './boundary';
import { createInferenceClient } from './inference-client';
import { routeTokenPort } from './token-router';

const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

/** Rejects the way the worker does: an Error named AppError with JSON in its message. */
function boundaryError(error: AppError): Error {
  return Object.assign(new Error(JSON.stringify(error.toJSON())), { name: 'AppError' });
}

/** `tokenLagMs` holds every token batch back that long: the reply overtakes its tokens. */
function fakeWorkerApi(options: { tokenLagMs?: number; tokenPort?: MessagePort } = {}): InferenceApi {
  const probe = createProbeModel({
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clock: { now: () => Date.now() },
    tokenDelayMs: 3,
  });
  const running = new Map<string, ReturnType<typeof createAbortSource>>();
  const guard = async <T>(call: () => Promise<T>) =>
    call().catch((error: unknown) => Promise.reject(error instanceof AppError ? boundaryError(error) : error));
  return {
    list: async () => [PROBE_MODEL_INFO],
    load: (model, onProgress) =>
      guard(async () => {
        const deliveries: unknown[] = [];
        const info = await probe.load(model, {
          onProgress: onProgress && ((p) => void deliveries.push(onProgress(p))),
        });
        await Promise.all(deliveries);
        return info;
      }),
    generate: (requestId, messages, params) =>
      guard(async () => {
        const source = createAbortSource();
        running.set(requestId, source);
        let delivered = 0;
        // The tokens go to the token port tagged with the request id, as the worker's inference api does.
        const post = (tokens: string[]) => options.tokenPort?.postMessage({ requestId, tokens });
        const send = (token: string) => {
          delivered += 1;
          if (options.tokenLagMs) setTimeout(() => void post([token]), options.tokenLagMs);
          else void post([token]);
        };
        const result = await probe.generate(messages, { ...params, signal: source.signal }, send);
        return { ...result, delivered };
      }),
    abort: async (requestId) => running.get(requestId)?.abort(),
    embed: (texts) => guard(() => probe.embed(texts)),
    unload: () => probe.unload(),
    stats: () => probe.stats(),
  };
}

const channels: MessageChannel[] = [];

function connect(options: { tokenLagMs?: number } = {}) {
  const channel = new MessageChannel();
  const tokens = new MessageChannel();
  channels.push(channel, tokens);
  Comlink.expose(fakeWorkerApi({ ...options, tokenPort: tokens.port2 }), channel.port1);
  return createInferenceClient(Comlink.wrap<InferenceApi>(channel.port2), { tokens: routeTokenPort(tokens.port1) });
}

afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

describe('inference client', () => {
  it('over the token port: each of two concurrent generations gets its own tokens, all before it resolves', async () => {
    const client = connect({ tokenLagMs: 15 });
    await client.load({ id: 'probe' });
    const a: string[] = [];
    const b: string[] = [];
    const [ra, rb] = await Promise.all([
      client.generate(user('red green'), {}, (token) => a.push(token)),
      client.generate(user('one two three four'), {}, (token) => b.push(token)),
    ]);
    expect(a.join('')).toBe(ra.text);
    expect(b.join('')).toBe(rb.text);
    expect(ra.text).toContain('2 words');
    expect(rb.text).toContain('4 words');
  });

  it('resolves only after every token the worker sent has arrived, even when the reply overtakes them', async () => {
    const client = connect({ tokenLagMs: 40 });
    await client.load({ id: 'probe' });
    const tokens: string[] = [];
    const result = await client.generate(user('one two three'), {}, (token) => tokens.push(token));
    expect(result.tokens).toBeGreaterThan(3);
    expect(tokens.join('')).toBe(result.text);
    expect(result).not.toHaveProperty('delivered');
  });

  it('loads with progress and streams tokens through Comlink', async () => {
    const client = connect();
    const progress: number[] = [];
    expect(await client.load({ id: 'probe' }, { onProgress: (p) => progress.push(p.fraction) })).toEqual(
      PROBE_MODEL_INFO,
    );
    expect(progress).toEqual([0, 1]);
    const tokens: string[] = [];
    const result = await client.generate(user('one two'), {}, (token) => tokens.push(token));
    expect(result).toMatchObject({ finish: 'stop', tokens: 6 });
    expect(tokens.join('')).toBe(result.text);
    expect(await client.list()).toEqual([PROBE_MODEL_INFO]);
  });

  it('an AbortSignal becomes abort(requestId): the worker stops mid-stream', async () => {
    const client = connect();
    await client.load({ id: 'probe' });
    const controller = new AbortController();
    const tokens: string[] = [];
    const result = await client.generate(user('a b c d e f g h i j'), { signal: controller.signal }, (token) => {
      tokens.push(token);
      if (tokens.length === 2) controller.abort();
    });
    expect(result.finish).toBe('aborted');
    expect(result.tokens).toBeLessThan(14);
    expect(tokens.join('')).toBe(result.text);
  });

  it('an already aborted signal returns at once without calling the worker', async () => {
    const client = connect();
    const controller = new AbortController();
    controller.abort();
    expect(await client.generate(user('hi'), { signal: controller.signal }, () => undefined)).toMatchObject({
      finish: 'aborted',
      tokens: 0,
    });
  });

  it('worker errors come back as AppError with their code', async () => {
    const client = connect();
    const error = await client.generate(user('hi'), {}, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'model-not-loaded', message: 'load the probe model before using it' });
  });

  it('tools go in and tool calls come out across the structured-clone boundary, with assistant calls and tool results kept', async () => {
    const channel = new MessageChannel();
    const tokens = new MessageChannel();
    channels.push(channel, tokens);
    const seen: { messages: ChatMessage[]; tools: unknown }[] = [];
    const api: Pick<InferenceApi, 'generate'> = {
      generate: async (_requestId, messages, params) => {
        seen.push({ messages, tools: params.tools });
        return {
          text: '',
          tokens: 0,
          ttftMs: 0,
          durationMs: 1,
          finish: 'tool_calls',
          toolCalls: [{ id: 'call_1', name: 'math.eval', arguments: '{"expression":"1+1"}' }],
          delivered: 0,
        };
      },
    };
    Comlink.expose(api, channel.port1);
    const client = createInferenceClient(Comlink.wrap<InferenceApi>(channel.port2), {
      tokens: routeTokenPort(tokens.port1),
    });
    const tool = { type: 'function' as const, function: { name: 'math.eval', description: 'd', parameters: {} } };
    const history: ChatMessage[] = [
      { role: 'user', content: 'two' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_0', name: 'clock.now', arguments: '{}' }] },
      { role: 'tool', content: '{"iso":"x"}', tool_call_id: 'call_0' },
    ];
    const result = await client.generate(history, { tools: [tool] }, () => undefined);
    expect(result).toMatchObject({ finish: 'tool_calls', toolCalls: [{ id: 'call_1', name: 'math.eval' }] });
    expect(seen[0]).toEqual({ messages: history, tools: [tool] });
  });

  it('unrecognized rejections become internal AppErrors', () => {
    expect(toAppError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'inference worker: boom' });
    expect(
      toAppError(Object.assign(new Error('{"code":"no-such-code","message":"x"}'), { name: 'AppError' })).code,
    ).toBe('internal');
    expect(toAppError(Object.assign(new Error('not json'), { name: 'AppError' })).code).toBe('internal');
  });
});
