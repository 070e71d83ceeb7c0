/**
 * The web-llm client against a stand-in worker over a real Comlink connection (a
 * MessageChannel in Node): its token port is connected once when the worker starts,
 * generations get their own tokens from it in order, all before they resolve, and no
 * per-reply callback crosses the boundary. The worker's adapter is tested in workers/.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/agent/model';
import type { TokenSink, WebLlmApi } from '../../workers/webllm/api';
import { createWebLlmClient, type WebLlmWorkerLike } from './webllm-client';

const open: MessageChannel[] = [];
afterEach(() => {
  for (const channel of open.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/**
 * A worker whose generate replies at once and posts one batch per word after `lagMs`
 * (the reply overtakes its tokens). `seen` counts port connections and records each
 * generate's extra arguments (a per-reply callback would show there).
 */
function standInWorker(lagMs: number) {
  const channel = new MessageChannel();
  open.push(channel);
  const seen = { connects: 0, extraArgs: [] as unknown[][] };
  let sink: TokenSink | undefined;
  const api: Pick<WebLlmApi, 'connectTokenPort' | 'generate'> = {
    async connectTokenPort(port) {
      seen.connects += 1;
      sink = port;
    },
    async generate(requestId, messages, _params, ...extra: unknown[]) {
      seen.extraArgs.push(extra);
      const words = messages.at(-1)!.content.split(' ');
      const port = sink;
      // One timer posts the words in order: a timer per word could fire out of order on a loaded machine.
      setTimeout(() => words.forEach((word) => port?.postMessage({ requestId, tokens: [word] })), lagMs);
      const text = words.join('');
      return {
        text,
        tokens: words.length,
        ttftMs: 0,
        durationMs: 1,
        finish: 'stop',
        delivered: port ? words.length : 0,
      };
    },
  };
  Comlink.expose(api, channel.port1);
  const worker: WebLlmWorkerLike = Object.assign(channel.port2, { terminate: () => channel.port1.close() });
  return { worker, seen };
}

const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

describe('web-llm client on the token port', () => {
  it('starts the worker on first use and connects one token port; each generation gets its own tokens before it resolves', async () => {
    const { worker, seen } = standInWorker(30);
    const client = createWebLlmClient({ onHealth: () => undefined, startWorker: () => worker });
    expect(client.started()).toBe(false);
    const a: string[] = [];
    const b: string[] = [];
    const [ra, rb] = await Promise.all([
      client.generate(user('red green blue'), {}, (token) => a.push(token)),
      client.generate(user('one two'), {}, (token) => b.push(token)),
    ]);
    expect(client.started()).toBe(true);
    expect(a).toEqual(['red', 'green', 'blue']);
    expect(b).toEqual(['one', 'two']);
    expect(ra).toEqual({ text: 'redgreenblue', tokens: 3, ttftMs: 0, durationMs: 1, finish: 'stop' });
    expect(rb.text).toBe('onetwo');
    await client.generate(user('again'), {}, () => undefined);
    expect(seen.connects).toBe(1);
    expect(seen.extraArgs).toEqual([[], [], []]);
    client.terminate();
    expect(client.started()).toBe(false);
  });
});
