/**
 * Puts a built server on a port: HTTP through Hono's Node adapter, WebSocket upgrades
 * through the route registry (each enforced as declared). `close()` ends sockets and keep-alive connections so
 * shutdown (and tests) do not wait for idle clients.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServerParts } from './app';

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  hostname: string;
  /** Runs during close, after sockets are ended (e.g. closing the relay). */
  onClose?: () => void | Promise<void>;
}

/** Listens on `hostname:port` (0 = any free port) and resolves once bound. */
export async function listen(parts: ServerParts, options: ListenOptions): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: parts.app.fetch, port: options.port, hostname: options.hostname }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  server.on('upgrade', parts.registry.handleUpgrade);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      parts.registry.closeUpgrades();
      parts.sessions.close();
      parts.journal.close();
      await options.onClose?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
