/**
 * http.fetch against a real node:http server on port 0, through Node's own fetch and the
 * toolbox (so params, defaults and the result bound are the real ones).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HTTP_FETCH } from './builtin';
import { createHttpFetch, unreachable, type FetchLike } from './http-fetch';
import { createToolbox, toolEntry } from './toolbox';

let server: Server;
let base = '';
const endlessClosed: Array<() => void> = [];

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  if (path === '/text') res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('héllo wörld');
  else if (path === '/endless') {
    // One chunk, then the response stays open for ever: only a reader that stops at max_bytes returns.
    res.writeHead(200, { 'content-type': 'text/plain' }).write('x'.repeat(8192));
    req.socket.on('close', () => endlessClosed.splice(0).forEach((resolve) => resolve()));
  } else if (path === '/silent') req.socket.setTimeout(0);
  else if (path === '/json') res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":[1,2],"b":"ü"}');
  else if (path === '/bad-json') res.writeHead(200, { 'content-type': 'application/json' }).end('{nope');
  else if (path === '/missing') res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>');
  else if (path === '/latin1')
    res.writeHead(200, { 'content-type': 'text/plain; charset=ISO-8859-1' }).end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  else if (path === '/to-text') res.writeHead(302, { location: '/text' }).end();
  else if (path === '/to-other-host')
    res.writeHead(302, { location: base.replace('127.0.0.1', 'localhost') + '/text' }).end();
  else if (path === '/echo') {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () =>
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ method: req.method, body, type: req.headers['content-type'], test: req.headers['x-test'] }),
        ),
    );
  } else res.writeHead(500).end();
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const nodeFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);
const toolbox = createToolbox([toolEntry(HTTP_FETCH, createHttpFetch({ fetch: nodeFetch }))]);
const run = (params: Record<string, unknown>, signal?: AbortSignal) => toolbox.run('http.fetch', params, { signal });

describe('http.fetch', () => {
  test('GET returns status, final url, content type and the text body', async () => {
    expect(await run({ url: `${base}/text` })).toEqual({
      ok: true,
      value: {
        status: 200,
        url: `${base}/text`,
        content_type: 'text/plain; charset=utf-8',
        body: 'héllo wörld',
        truncated: false,
      },
    });
  });

  test('stops reading at max_bytes, says truncated, and closes a body that never ends', async () => {
    const closed = new Promise<void>((resolve) => endlessClosed.push(resolve));
    const result = await run({ url: `${base}/endless`, max_bytes: 1000 });
    expect(result.ok && result.value).toMatchObject({ status: 200, body: 'x'.repeat(1000), truncated: true });
    await closed;
  });

  test('a bytes limit inside a UTF-8 character drops the half character', async () => {
    const result = await run({ url: `${base}/text`, max_bytes: 2 });
    expect(result.ok && result.value).toMatchObject({ body: 'h', truncated: true });
  });

  test('no answer within timeout_ms is an error naming the URL and the limit', async () => {
    expect(await run({ url: `${base}/silent`, timeout_ms: 100 })).toEqual({
      ok: false,
      error: `http.fetch: no answer from ${base}/silent within 0.1 s (timeout_ms)`,
    });
  });

  test('as json parses the body; a 2xx body that is not JSON is a clear error', async () => {
    const result = await run({ url: `${base}/json`, as: 'json' });
    expect(result.ok && result.value).toMatchObject({ status: 200, body: { a: [1, 2], b: 'ü' } });
    const bad = await run({ url: `${base}/bad-json`, as: 'json' });
    expect(bad.ok || bad.error).toMatch(
      new RegExp(`^http.fetch: the body from ${base}/bad-json is not valid JSON .*as: "text"`),
    );
    const cut = await run({ url: `${base}/json`, as: 'json', max_bytes: 5 });
    expect(cut.ok || cut.error).toMatch(/longer than max_bytes \(5\)/);
  });

  test('POST sends the body and headers', async () => {
    const result = await run({
      url: `${base}/echo`,
      method: 'POST',
      body: '{"q":1}',
      headers: { 'content-type': 'application/json', 'X-Test': 'yes' },
      as: 'json',
    });
    expect(result.ok && result.value).toMatchObject({
      status: 201,
      body: { method: 'POST', body: '{"q":1}', type: 'application/json', test: 'yes' },
    });
  });

  test('a 404 is a result with its status, not an error (even when JSON was asked for)', async () => {
    const result = await run({ url: `${base}/missing`, as: 'json' });
    expect(result).toEqual({
      ok: true,
      value: {
        status: 404,
        url: `${base}/missing`,
        content_type: 'text/html',
        body: '<h1>Not here</h1>',
        truncated: false,
      },
    });
  });

  test('a Latin-1 body is decoded by its charset', async () => {
    const result = await run({ url: `${base}/latin1` });
    expect(result.ok && result.value).toMatchObject({ body: 'café' });
  });

  test('a redirect on the same site is followed; one to another host is refused', async () => {
    const same = await run({ url: `${base}/to-text` });
    expect(same.ok && same.value).toMatchObject({ url: `${base}/text`, body: 'héllo wörld' });
    const other = await run({ url: `${base}/to-other-host` });
    expect(other.ok || other.error).toMatch(/redirected to http:\/\/localhost:\d+\/text, another site/);
  });

  test('a site that cannot be reached gives the reason people see', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x`;
    await new Promise((resolve) => closed.close(resolve));
    expect(await run({ url })).toEqual({ ok: false, error: unreachable(url) });
    expect(unreachable(url)).toBe(
      `the site refused the request from the browser (CORS) or could not be reached: ${url}`,
    );
  });

  test('the caller stopping the episode aborts the request', async () => {
    const controller = new AbortController();
    const running = run({ url: `${base}/silent` }, controller.signal);
    controller.abort();
    expect(await running).toEqual({ ok: false, error: 'http.fetch was stopped' });
  });
});
