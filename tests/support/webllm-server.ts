/**
 * A loopback "model host" for the web-llm e2e tests: serves in-memory files under
 * `/<path>` with CORS and `Cross-Origin-Resource-Policy: cross-origin` (the app is
 * COEP-isolated), can delay a file's answer (to cancel or time out a load mid-way),
 * and records every request path.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebLlmHost {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

const HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'cross-origin-resource-policy': 'cross-origin',
  'cache-control': 'no-store',
};

export async function startWebLlmHost(
  files: Record<string, { body: string | Uint8Array; type?: string; delayMs?: number }>,
): Promise<WebLlmHost> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'OPTIONS')
      return void res.writeHead(204, { ...HEADERS, 'access-control-allow-methods': 'GET, HEAD, OPTIONS' }).end();
    requests.push(path);
    const file = files[path];
    if (!file) return void res.writeHead(404, HEADERS).end('no such file');
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(200, { ...HEADERS, 'content-type': file.type ?? 'application/octet-stream' }).end(file.body);
    };
    if (file.delayMs) setTimeout(send, file.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
