/** Starts the real sync server in process on a loopback port 0, serving a built PWA. */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../../sync-server/app';

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DIST_DIR = resolve(import.meta.dirname, '../../dist');

/** Serves `staticDir` (default: the build in dist/) on 127.0.0.1 (a given port, or a free one). */
export async function startServer(options: { staticDir?: string; port?: number } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arw-data-'));
  const app = createApp({ staticDir: options.staticDir ?? DIST_DIR, dataDir, version: 'test' });
  const server = await new Promise<Server>((resolveServer) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolveServer(s as Server)) as Server;
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dataDir, { recursive: true, force: true });
          done();
        });
      }),
  };
}
