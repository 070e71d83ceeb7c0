/**
 * A small OpenAI-compatible server on 127.0.0.1 (port 0) for tests: GET /v1/models lists
 * `models`; POST /v1/chat/completions streams, in the OpenAI SSE format, the next scripted
 * reply (text, or `tool_calls` deltas: id and name first, arguments in fragments, parallel
 * calls interleaved, every event split across two writes), else `respond(body)`'s reply,
 * else a fixed reply token by token (model `slow` streams until the client goes away).
 * It answers CORS preflights like a llama.cpp server does; `Cross-Origin-Resource-Policy`
 * is not sent, since CORS alone satisfies the app's COEP for fetch(). Records requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FIXED_REPLY = ['The', ' journal', ' keeps', ' every', ' fact', ' that', ' the', ' app', ' learns', '.'];

/** One call a scripted reply asks for; object arguments are sent as their JSON text. */
export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** What one chat request gets: a text reply, or tool calls (optionally after some text). */
export type ScriptedReply = { text: string } | { toolCalls: ScriptedToolCall[]; text?: string };

export interface OpenAiTestServer {
  url: string;
  /** `METHOD /path origin=<Origin header>` per request, preflights included. */
  requests: string[];
  /** Chat request bodies, in order (assert `tools` went out and `tool` messages came back). */
  bodies: Record<string, unknown>[];
  /** Queues replies, one per coming chat request, first in first out. */
  script(...replies: ScriptedReply[]): void;
  /** Scripted replies not yet sent. */
  pending(): number;
  /** How many streams the client closed before the end (an abort reached the server). */
  closedEarly(): number;
  close(): Promise<void>;
}

const CORS = { 'access-control-allow-origin': '*' };

const event = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const sse = (content: string, finish: string | null = null) => event({ content }, finish);

/** Splits `text` into `parts` pieces (some may be empty for short text). */
function pieces(text: string, parts: number): string[] {
  const size = Math.ceil(text.length / parts);
  return Array.from({ length: parts }, (_, i) => text.slice(i * size, (i + 1) * size)).filter((p) => p !== '');
}

/** The SSE events of a scripted reply, in order. */
function scriptedEvents(reply: ScriptedReply): string[] {
  const events = [event({ role: 'assistant', content: null })];
  const words = (reply.text ?? '').match(/\s*\S+\s*/g) ?? [];
  if (!('toolCalls' in reply)) {
    words.forEach((word, i) => events.push(sse(word, i === words.length - 1 ? 'stop' : null)));
    if (words.length === 0) events.push(event({}, 'stop'));
    return events;
  }
  for (const word of words) events.push(sse(word));
  const calls = reply.toolCalls.map((call, index) => ({
    index,
    id: call.id ?? `call_${index}_${Math.random().toString(36).slice(2, 8)}`,
    name: call.name,
    fragments: pieces(typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments), 3),
  }));
  for (const call of calls)
    events.push(
      event({
        tool_calls: [
          { index: call.index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
        ],
      }),
    );
  // Fragments of parallel calls interleave: the client must join them by index.
  for (let round = 0; calls.some((call) => round < call.fragments.length); round += 1)
    for (const call of calls) {
      const fragment = call.fragments[round];
      if (fragment !== undefined)
        events.push(event({ tool_calls: [{ index: call.index, function: { arguments: fragment } }] }));
    }
  events.push(event({}, 'tool_calls'));
  return events;
}

export async function startOpenAiServer(
  options: {
    models?: string[];
    tokenDelayMs?: number;
    /** The reply when nothing is scripted (undefined: the fixed reply). */
    respond?: (body: Record<string, unknown>) => ScriptedReply | undefined;
    /** A fixed port (e.g. LM Studio's 1234 for the welcome's detection); a busy one rejects, naming it. Default: a free one. */
    port?: number;
    /** false: send no CORS headers, like a server that does not allow the app's origin. */
    cors?: boolean;
  } = {},
): Promise<OpenAiTestServer> {
  const models = options.models ?? ['tiny', 'slow'];
  const delay = options.tokenDelayMs ?? 40;
  const requests: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  const scripted: ScriptedReply[] = [];
  let closedEarly = 0;
  const CORS_HEADERS = options.cors === false ? {} : CORS;

  const readJson = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path} origin=${req.headers.origin ?? ''}`);
    if (req.method === 'OPTIONS') {
      return void res
        .writeHead(204, {
          ...CORS_HEADERS,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'authorization, content-type, accept',
          'access-control-max-age': '600',
        })
        .end();
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return void res
        .writeHead(200, { ...CORS_HEADERS, 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model' })) }));
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions')
      return void res
        .writeHead(404, { ...CORS_HEADERS, 'content-type': 'application/json' })
        .end('{"error":{"message":"no such route"}}');
    const body = await readJson(req);
    bodies.push(body);
    res.writeHead(200, { ...CORS_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let open = true;
    res.on('close', () => {
      open = false;
      if (!res.writableFinished) closedEarly += 1;
    });
    // With no delay nothing waits, so a bench measures the client, not this server's timers.
    const wait = () => (delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)) : undefined);
    const reply = body.model === 'slow' ? undefined : (scripted.shift() ?? options.respond?.(body));
    if (reply) {
      for (const text of scriptedEvents(reply)) {
        if (!open) return;
        const cut = Math.ceil(text.length / 2);
        res.write(text.slice(0, cut));
        res.write(text.slice(cut));
        await wait();
      }
      return void res.end('data: [DONE]\n\n');
    }
    if (body.model === 'slow') {
      // Endless: it must yield to the timer queue even with no delay, or the close never lands.
      for (let i = 0; open; i += 1) {
        res.write(sse(`word${i} `));
        await new Promise((resolve) => setTimeout(resolve, Math.max(delay, 1)));
      }
      return;
    }
    for (const [i, token] of FIXED_REPLY.entries()) {
      if (!open) return;
      res.write(sse(token, i === FIXED_REPLY.length - 1 ? 'stop' : null));
      await wait();
    }
    res.end('data: [DONE]\n\n');
  };

  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${options.port} on 127.0.0.1 is already in use: stop what listens there (e.g. LM Studio or Ollama) to run this test`,
            )
          : error,
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    bodies,
    script: (...replies) => void scripted.push(...replies),
    pending: () => scripted.length,
    closedEarly: () => closedEarly,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
