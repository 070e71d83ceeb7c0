/** A real sync server on a loopback port 0 with a known admin token, for server-* tests. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { buildServer, type ServerParts } from '../../sync-server/app';
import { sha256Hex } from '../../sync-server/auth/secrets';
import { loadConfig } from '../../sync-server/config';
import { openServerDb } from '../../sync-server/storage/db';

export const ADMIN_TOKEN = 'integration-admin-token-0123456789';

export async function startGatedServer(env: Record<string, string> = {}): Promise<{ url: string; parts: ServerParts; close(): Promise<void> }> {
  const parts = buildServer({ staticDir: '/nonexistent-static', dataDir: '/tmp', version: 'it', config: loadConfig(env), db: openServerDb(':memory:'), presetAdminDigests: [sha256Hex(ADMIN_TOKEN)] });
  const server = await new Promise<Server>((done) => {
    const s = serve({ fetch: parts.app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s as Server)) as Server;
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    parts,
    close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}
