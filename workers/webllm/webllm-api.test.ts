/**
 * The web-llm adapter's generation on the shared token port, over a stand-in for the
 * web-llm module (real generation needs MLC-compiled artifacts these machines cannot
 * produce): every streamed delta goes to the port tagged with the request id, in order,
 * `delivered` counts what was posted, and nothing is posted before a port is connected.
 */
import { describe, expect, it } from 'vitest';
import type { TokenMessage } from '../shared/api';
import type { WebLlmDeps } from './webllm-api';
import { createWebLlmApi } from './webllm-api';

type Chunk = { choices: { delta: { content?: string }; finish_reason?: string }[]; usage?: unknown };

/** web-llm's engine as far as the adapter uses it: it streams `deltas` for every completion. */
function fakeWebLlm(deltas: string[]) {
  class MLCEngine {
    async reload() {}
    async unload() {}
    async interruptGenerate() {}
    chat = {
      completions: {
        create: async () =>
          (async function* (): AsyncGenerator<Chunk> {
            for (const content of deltas) yield { choices: [{ delta: { content } }] };
            yield { choices: [{ delta: {}, finish_reason: 'stop' }] };
          })(),
      },
    };
  }
  const module = {
    MLCEngine,
    prebuiltAppConfig: { model_list: [{ model_id: 'm1' }] },
    hasModelInCache: async () => false,
  };
  return module as unknown as Awaited<ReturnType<WebLlmDeps['importWebLlm']>>;
}

/** A clock that stands still: the first token goes at once, the rest at the flush before the reply. */
const timers = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };

async function loaded(deltas: string[]) {
  const api = createWebLlmApi({
    importWebLlm: async () => fakeWebLlm(deltas),
    gpu: () => ({ requestAdapter: async () => ({}) }),
    fetch: () => Promise.reject(new Error('no network in this test')),
    now: () => 0,
    timers,
  });
  await api.load({ id: 'm1' });
  return api;
}

const user = [{ role: 'user' as const, content: 'hi' }];

describe('web-llm generation on the token port', () => {
  it('posts every delta to the port tagged with the request id, in order, and counts them as delivered', async () => {
    const api = await loaded(['Hel', 'lo', ' there']);
    const sent: TokenMessage[] = [];
    await api.connectTokenPort({ postMessage: (message) => sent.push(message) });
    const result = await api.generate('w1', user, {});
    expect(result).toMatchObject({ text: 'Hello there', tokens: 3, finish: 'stop', delivered: 3 });
    expect(sent).toEqual([
      { requestId: 'w1', tokens: ['Hel'] },
      { requestId: 'w1', tokens: ['lo', ' there'] },
    ]);
  });

  it('still generates before a port is connected, with nothing counted as delivered', async () => {
    const api = await loaded(['a', 'b']);
    expect(await api.generate('w1', user, {})).toMatchObject({ text: 'ab', tokens: 2, delivered: 0 });
    const sent: TokenMessage[] = [];
    await api.connectTokenPort({ postMessage: (message) => sent.push(message) });
    const result = await api.generate('w2', user, {});
    expect(sent.flatMap((message) => message.tokens).join('')).toBe(result.text);
    expect(result.delivered).toBe(2);
  });
});
