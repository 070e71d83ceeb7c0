/**
 * The OpenAI-compatible adapter against a real HTTP server on 127.0.0.1 (port 0) that
 * streams a fixed completion in the OpenAI SSE format: tokens arrive one by one, abort
 * mid-stream closes the connection (finish `aborted`), HTTP errors and a malformed
 * stream map to their AppError codes, list/embeddings work or say "not supported".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import { createInferenceApi } from './inference-api';
import { applyOpenAiServers, createOpenAiBackend } from './openai-backend';

const TOKENS = ['The', ' journal', ' keeps', ' every', ' fact', '.'];
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];
const sse = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

interface Seen {
  bodies: Record<string, unknown>[];
  auth: (string | undefined)[];
  closedEarly: number;
}

let server: Server;
let base = '';
const seen: Seen = { bodies: [], auth: [], closedEarly: 0 };
const closedWaiters: (() => void)[] = [];

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** The model name picks the behaviour: `slow` streams forever, `bad` sends garbage, `e500` fails. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  seen.auth.push(req.headers.authorization);
  if (req.url === '/v1/models') {
    if (req.headers.authorization === 'Bearer wrong')
      return void res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":{"message":"Invalid API key provided"}}');
    return void res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ data: [{ id: 'tiny' }, { id: 'slow' }] }));
  }
  if (req.url === '/v1/embeddings')
    return void res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
  if (req.url !== '/v1/chat/completions')
    return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such route"}');
  const body = await readJson(req);
  seen.bodies.push(body);
  if (body.model === 'e500')
    return void res
      .writeHead(500, { 'content-type': 'application/json' })
      .end('{"error":{"message":"CUDA out of memory","type":"server_error"}}');
  if (body.model === 'missing')
    return void res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"error":"model \\"missing\\" not found, try pulling it first"}');
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (body.model === 'bad') return void res.end(`${sse('ok')}data: {"choices": [oops\n\n`);
  if (body.model === 'slow') {
    res.on('close', () => {
      if (!res.writableFinished) {
        seen.closedEarly += 1;
        closedWaiters.splice(0).forEach((wake) => wake());
      }
    });
    let i = 0;
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(sse(`w${i++} `))), 20);
    return;
  }
  // Each token in its own write, the JSON of one split across two writes, to exercise the parser.
  for (const [i, token] of TOKENS.entries()) {
    const event = sse(token, i === TOKENS.length - 1 ? 'stop' : null);
    res.write(event.slice(0, 9));
    await new Promise((resolve) => setTimeout(resolve, 5));
    res.write(event.slice(9));
  }
  res.end('data: [DONE]\n\n');
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const clock = { now: () => performance.now() };
const backendWith = (servers: { baseUrl: string; model: string; apiKey?: string }[]) => {
  const backend = createOpenAiBackend({ fetch: (url, init) => fetch(url, init), clock, listTimeoutMs: 1000 });
  backend.configure(servers);
  return backend;
};

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('OpenAI-compatible adapter', () => {
  it('streams a fixed completion token by token and sends model, messages, stream: true and the key', async () => {
    const backend = backendWith([{ baseUrl: base, model: 'tiny', apiKey: 'sk-local' }]);
    const adapter = backend.create();
    const info = await adapter.load({ id: 'openai:tiny', url: base });
    expect(info).toMatchObject({ id: 'openai:tiny', backend: expect.stringContaining('openai-http'), demo: false });
    const received: { token: string; at: number }[] = [];
    const result = await adapter.generate(
      user('What does the journal keep?'),
      { maxTokens: 32, temperature: 0.2 },
      (token) => received.push({ token, at: performance.now() }),
    );
    expect(received.map((r) => r.token)).toEqual(TOKENS);
    // Streamed, not buffered: the tokens arrived spread over the server's writes.
    expect(received.at(-1)!.at - received[0]!.at).toBeGreaterThan(15);
    expect(result).toMatchObject({ text: TOKENS.join(''), tokens: TOKENS.length, finish: 'stop' });
    expect(result.ttftMs).toBeGreaterThanOrEqual(0);
    expect(seen.bodies.at(-1)).toMatchObject({
      model: 'tiny',
      stream: true,
      max_tokens: 32,
      temperature: 0.2,
      messages: [{ role: 'user', content: 'What does the journal keep?' }],
    });
    expect(seen.auth.at(-1)).toBe('Bearer sk-local');
    expect((await adapter.stats()).tokensPerSecond).toBeGreaterThan(0);
  });

  it('aborts mid-stream through the worker api: finish aborted, and the server sees the connection closed', async () => {
    const api = createInferenceApi([backendWith([{ baseUrl: base, model: 'slow' }])]);
    await api.load({ id: 'openai:slow' });
    const tokens: string[] = [];
    const closed = new Promise<void>((resolve) => closedWaiters.push(resolve));
    const before = seen.closedEarly;
    await api.connectTokenPort({
      postMessage: ({ tokens: batch }) => {
        tokens.push(...batch);
        if (tokens.length >= 3) void api.abort('r1');
      },
    });
    const running = api.generate('r1', user('go on forever'), {});
    const result = await running;
    expect(result.finish).toBe('aborted');
    expect(result.tokens).toBeGreaterThanOrEqual(3);
    await closed;
    expect(seen.closedEarly).toBe(before + 1);
  });

  it('lists the server models and marks an unreachable server', async () => {
    const backend = backendWith([
      { baseUrl: base, model: 'tiny' },
      { baseUrl: 'http://127.0.0.1:9', model: 'gone' },
    ]);
    const list = await backend.list();
    expect(list.map((m) => m.id)).toEqual(['openai:tiny', 'openai:slow', 'openai:gone']);
    expect(list.find((m) => m.id === 'openai:gone')!.label).toMatch(/not reachable: model-server-unreachable/);
  });

  it('maps an unreachable host, HTTP 401, 404 and 500 to codes with the server message', async () => {
    const unreachable = await codeOf(backendWith([]).create().load({ id: 'openai:x', url: 'http://127.0.0.1:9' }));
    expect(unreachable).toMatchObject({
      code: 'model-server-unreachable',
      message: expect.stringContaining('127.0.0.1:9'),
    });

    const unauthorized = await codeOf(
      backendWith([{ baseUrl: base, model: 'tiny', apiKey: 'wrong' }])
        .create()
        .load({ id: 'openai:tiny' }),
    );
    expect(unauthorized).toMatchObject({
      code: 'model-server-unauthorized',
      message: expect.stringContaining('Invalid API key provided'),
    });

    const adapter = backendWith([]).create();
    await adapter.load({ id: 'openai:missing', url: base });
    const missing = await codeOf(adapter.generate(user('hi'), {}, () => undefined));
    expect(missing).toMatchObject({
      code: 'model-server-not-found',
      message: expect.stringContaining('try pulling it first'),
    });

    await adapter.load({ id: 'openai:e500', url: base });
    const failed = await codeOf(adapter.generate(user('hi'), {}, () => undefined));
    expect(failed).toMatchObject({
      code: 'model-server-error',
      message: expect.stringMatching(/HTTP 500: CUDA out of memory/),
    });
  });

  it('rejects a malformed stream after the tokens that were valid', async () => {
    const adapter = backendWith([]).create();
    await adapter.load({ id: 'openai:bad', url: base });
    const tokens: string[] = [];
    const malformed = await codeOf(adapter.generate(user('hi'), {}, (token) => tokens.push(token)));
    expect(malformed.code).toBe('model-stream-malformed');
    expect(tokens).toEqual(['ok']);
  });

  it('says clearly when the server has no embeddings', async () => {
    const adapter = backendWith([]).create();
    await adapter.load({ id: 'openai:tiny', url: base });
    expect((await codeOf(adapter.embed(['a']))).code).toBe('model-embed-unsupported');
  });

  it('every model a configured server lists can be loaded by id alone, with that server and its key; others are unknown', async () => {
    const backend = backendWith([{ baseUrl: base, model: 'tiny', apiKey: 'sk-listed' }]);
    const adapter = backend.create();
    // Not listed yet: load asks the servers itself.
    expect(await adapter.load({ id: 'openai:slow' })).toMatchObject({ id: 'openai:slow' });
    const tokens: string[] = [];
    const controller = new AbortController();
    await adapter.generate(
      user('hi'),
      { signal: controller.signal },
      (token) => (tokens.push(token), tokens.length === 2 && controller.abort()),
    );
    expect(seen.bodies.at(-1)).toMatchObject({ model: 'slow' });
    expect(seen.auth.at(-1)).toBe('Bearer sk-listed');
    expect((await codeOf(adapter.load({ id: 'openai:nowhere' }))).code).toBe('model-unknown');
    expect(await backend.listModels({ baseUrl: base, model: 'x' })).toEqual(['tiny', 'slow']);
  });
  it('a changed server list unloads warm openai: engines, so a removed key is never sent again', async () => {
    const backend = backendWith([{ baseUrl: base, model: 'tiny', apiKey: 'sk-old' }]);
    const api = createInferenceApi([backend]);
    await api.load({ id: 'openai:tiny' });
    await api.generate('r1', user('hi'), {});
    expect(seen.auth.at(-1)).toBe('Bearer sk-old');
    await applyOpenAiServers(backend, api, [{ baseUrl: base, model: 'tiny', apiKey: 'sk-new' }]);
    expect((await api.poolState()).engines).toEqual([]);
    await api.generate('r2', user('hi'), {});
    expect(seen.auth.at(-1)).toBe('Bearer sk-new');
    // Removing every server: the model cannot load again, with a clear code; nothing is sent.
    await applyOpenAiServers(backend, api, []);
    const sent = seen.auth.length;
    // The worker api rejects across the boundary as an Error named AppError carrying the JSON.
    const failure = await api.generate('r3', user('hi'), {}).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.name).toBe('AppError');
    expect(JSON.parse(failure!.message)).toMatchObject({ code: 'model-unknown' });
    expect(seen.auth.length).toBe(sent);
  });

  it("the runtime profile's reply length and context cap do not apply to server models", async () => {
    const api = createInferenceApi([backendWith([{ baseUrl: base, model: 'tiny' }])]);
    await api.setProfile('power-saver');
    await api.load({ id: 'openai:tiny' });
    const long = 'word '.repeat(1200);
    await api.generate('r1', user(long), {});
    const body = seen.bodies.at(-1)!;
    expect(body).not.toHaveProperty('max_tokens');
    expect(JSON.stringify(body.messages)).toContain(long.trim());
  });
});
