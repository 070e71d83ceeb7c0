/**
 * A second loopback HTTP server for model-download tests: serves in-memory files with
 * HTTP Range (206 + Content-Range), CORS and `Cross-Origin-Resource-Policy: cross-origin`
 * (the app is COEP-isolated), records every request's Range, can cut the connection
 * once after a given byte offset, and can delay each response (to pause/cancel mid-way).
 * Test-only and Node-only (the model store's tests beside it, and tests/e2e); never bundled.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeServer {
  url: string;
  /** Every GET: file name and its Range header (undefined without one). */
  requests: { file: string; range: string | undefined }[];
  /** The next response covering byte `offset` of `file` stops there and drops the socket. */
  cutOnceAt(file: string, offset: number): void;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'range',
  'access-control-expose-headers': 'content-range, content-length, accept-ranges',
  'cross-origin-resource-policy': 'cross-origin',
};

/** Serves `files` under `/files/<name>`; `delayMs` delays every answer of the named files. */
export async function startRangeServer(
  files: Record<string, Uint8Array>,
  options: { delayMs?: Record<string, number> } = {},
): Promise<RangeServer> {
  const requests: RangeServer['requests'] = [];
  const cuts = new Map<string, number>();

  const answer = (res: ServerResponse, name: string, rangeHeader: string | undefined) => {
    const body = files[name];
    if (!body) return void res.writeHead(404, CORS).end('no such file');
    let start = 0;
    let end = body.length - 1;
    const match = rangeHeader ? /^bytes=(\d+)-(\d*)$/.exec(rangeHeader) : null;
    if (rangeHeader && !match)
      return void res.writeHead(416, { ...CORS, 'content-range': `bytes */${body.length}` }).end();
    if (match) {
      start = Number(match[1]);
      end = match[2] ? Math.min(Number(match[2]), body.length - 1) : body.length - 1;
      if (start > end) return void res.writeHead(416, { ...CORS, 'content-range': `bytes */${body.length}` }).end();
    }
    const headers = {
      ...CORS,
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      'content-length': String(end - start + 1),
      'cache-control': 'no-store',
    };
    res.writeHead(
      match ? 206 : 200,
      match ? { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}` } : headers,
    );
    const cut = cuts.get(name);
    if (cut !== undefined && cut >= start && cut <= end) {
      cuts.delete(name);
      // Send the bytes before the cut, then drop the connection mid-body.
      res.write(body.subarray(start, cut), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    res.end(body.subarray(start, end + 1));
  };

  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/files\//, ''));
    if (req.method === 'OPTIONS')
      return void res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET, HEAD, OPTIONS' }).end();
    requests.push({ file: name, range: req.headers.range });
    const delay = options.delayMs?.[name] ?? 0;
    if (delay > 0) setTimeout(() => answer(res, name, req.headers.range), delay);
    else answer(res, name, req.headers.range);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    cutOnceAt: (file, offset) => void cuts.set(file, offset),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
