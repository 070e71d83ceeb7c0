/** A real sync server on a loopback port 0 with a known admin token, for server-* tests. */
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import type { BuiltServer } from '../../sync-server/app';
import { composeServer } from '../../sync-server/compose';
import { listen } from '../../sync-server/listen';
import { sha256Hex } from '../../sync-server/auth/secrets';
import { loadConfig } from '../../sync-server/config';
import { openServerDb } from '../../sync-server/storage/db';

export const ADMIN_TOKEN = 'integration-admin-token-0123456789';

/** An event factory for `actor` whose clock (and ULIDs' time) reads `now()`, with random ULID bytes. */
export function eventMaker(actor: string, now: () => number) {
  return createEventFactory({
    actor,
    clock: { now },
    newId: createUlidFactory(now, (n) => crypto.getRandomValues(new Uint8Array(n))),
  });
}

/** Starts an instance; `dbPath` + `serverId` let a test restart "the same" server on its data. */
export async function startGatedServer(
  env: Record<string, string> = {},
  options: { dbPath?: string; serverId?: string; port?: number } = {},
): Promise<{ url: string; parts: BuiltServer; close(): Promise<void> }> {
  const db = openServerDb(options.dbPath ?? ':memory:');
  const composed = composeServer({
    staticDir: '/nonexistent-static',
    dataDir: '/tmp',
    version: 'it',
    config: loadConfig(env),
    db,
    presetAdminDigests: [sha256Hex(ADMIN_TOKEN)],
    ...(options.serverId ? { serverId: options.serverId } : {}),
  });
  const running = await listen(composed, { port: options.port ?? 0, hostname: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${running.port}`,
    parts: composed.parts,
    close: async () => {
      await running.close();
      db.close();
    },
  };
}
