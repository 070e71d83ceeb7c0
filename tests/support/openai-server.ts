/**
 * A small OpenAI-compatible server on 127.0.0.1 (port 0) for browser tests: GET
 * /v1/models lists `models`; POST /v1/chat/completions streams a fixed reply in the
 * OpenAI SSE format, token by token (model `slow` streams until the client goes away).
 * It answers CORS preflights like a llama.cpp server does; `Cross-Origin-Resource-Policy`
 * is not sent, since CORS alone satisfies the app's COEP for fetch(). Records requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FIXED_REPLY = ['The', ' journal', ' keeps', ' every', ' fact', ' that', ' the', ' app', ' learns', '.'];

export interface OpenAiTestServer {
  url: string;
  /** `METHOD /path origin=<Origin header>` per request, preflights included. */
  requests: string[];
  /** Chat request bodies, in order. */
  bodies: Record<string, unknown>[];
  /** How many streams the client closed before the end (an abort reached the server). */
  closedEarly(): number;
  close(): Promise<void>;
}

const CORS = { 'access-control-allow-origin': '*' };

const sse = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

export async function startOpenAiServer(
  options: { models?: string[]; tokenDelayMs?: number } = {},
): Promise<OpenAiTestServer> {
  const models = options.models ?? ['tiny', 'slow'];
  const delay = options.tokenDelayMs ?? 40;
  const requests: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  let closedEarly = 0;

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
          ...CORS,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'authorization, content-type, accept',
          'access-control-max-age': '600',
        })
        .end();
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return void res
        .writeHead(200, { ...CORS, 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model' })) }));
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions')
      return void res
        .writeHead(404, { ...CORS, 'content-type': 'application/json' })
        .end('{"error":{"message":"no such route"}}');
    const body = await readJson(req);
    bodies.push(body);
    res.writeHead(200, { ...CORS, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let open = true;
    res.on('close', () => {
      open = false;
      if (!res.writableFinished) closedEarly += 1;
    });
    const wait = () => new Promise((resolve) => setTimeout(resolve, delay));
    if (body.model === 'slow') {
      for (let i = 0; open; i += 1) {
        res.write(sse(`word${i} `));
        await wait();
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    bodies,
    closedEarly: () => closedEarly,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
