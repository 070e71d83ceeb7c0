/**
 * Puts a composed server on a port: HTTP through Hono's Node adapter, WebSocket upgrades
 * through the route registry (each enforced as declared). `close()` ends the server's
 * sockets and sessions first, then keep-alive connections, so shutdown (and tests) do not
 * wait for idle clients.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';

/** What listen() serves: requests, upgrades, and the shutdown of what is open. */
export interface Listenable {
  fetch(request: Request): Response | Promise<Response>;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends upgrades, sessions and whatever the server runs, before the HTTP server closes. */
  close(): void | Promise<void>;
}

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  hostname: string;
}

/** Listens on `hostname:port` (0 = any free port) and resolves once bound. */
export async function listen(target: Listenable, options: ListenOptions): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: target.fetch, port: options.port, hostname: options.hostname }, () =>
      resolve(s as Server),
    ) as Server;
    s.once('error', reject);
  });
  server.on('upgrade', target.handleUpgrade);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await target.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
