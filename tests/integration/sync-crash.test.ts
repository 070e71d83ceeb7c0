/**
 * Issue 3 acceptance, at the server level: kill -9 the sync server during a burst of
 * 5,000 events from 3 clients, restart it on the same data dir; clients reconnect and
 * resend what was not acknowledged. Every event is stored exactly once and every
 * client ends up with every event.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openServerDb } from '../../sync-server/storage/db';
import { createEventStore } from '../../sync-server/storage/event-store';
import { killAll, killGroup, spawnChild } from '../support/child-processes';
import { createSyncTestClient, type SyncTestClient } from '../support/sync-client';
import { createTestEvents } from '../support/sync-events';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'arw-sync-crash-'));
const clients: SyncTestClient[] = [];

afterAll(async () => {
  for (const client of clients) client.terminate();
  await killAll('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Spawns the server entry and resolves with its port once it prints SYNC_READY. */
function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawnChild(process.execPath, ['--import', 'tsx', 'tests/support/sync-server-main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ARW_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePort, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /SYNC_READY (\d+)/.exec(out);
      if (match) resolvePort({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

/** Ids in the data dir's store, read while no server runs; throws on a doubled id. */
function storedIds(): Set<string> {
  const db = openServerDb(join(dataDir, DB_FILE_NAME));
  const ids: string[] = [];
  createEventStore(db).replay((events) => ids.push(...events.map((e) => e.id)));
  db.close();
  const set = new Set(ids);
  if (set.size !== ids.length) throw new Error(`${ids.length - set.size} events stored twice`);
  return set;
}

const any = (what: string, check: () => boolean) =>
  Promise.race(clients.map((client) => client.waitFor(what, check, 60_000)));
const url = (port: number) => `ws://127.0.0.1:${port}/sync?token=test-token-all`;

describe('sync server crash during a burst', () => {
  it('S7 S8 S10: kill -9 mid-burst of 5,000 events from 3 clients: stored exactly once, every client has every event', async () => {
    const first = await startChild();
    const counts = [1667, 1667, 1666];
    const all = new Set<string>();
    const sent = counts.map((n, i) => {
      const client = createSyncTestClient({ device: `dev-${i}`, projects: ['p1'], batch: 100, window: 4 });
      clients.push(client);
      const events = createTestEvents(`dev-${i}`)(n);
      for (const event of events) all.add(event.id);
      return events;
    });
    await Promise.all(clients.map((client) => client.connect(url(first.port))));
    clients.forEach((client, i) => client.push(sent[i]!));

    const ackedTotal = () => clients.reduce((sum, client) => sum + client.acked.size, 0);
    await any('1,500 acknowledged', () => ackedTotal() >= 1500);
    // kill -9 of the server's whole process group, mid-burst.
    await killGroup(first.child, 'SIGKILL');
    await Promise.all(clients.map((client) => client.waitFor('disconnect', () => !client.connected())));
    const ackedAtCrash = ackedTotal();
    expect(ackedAtCrash).toBeLessThan(5000);
    // Acknowledged means durable: every acked id survived the kill.
    const afterCrash = storedIds();
    for (const client of clients) for (const id of client.acked.keys()) expect(afterCrash.has(id)).toBe(true);

    const second = await startChild();
    await Promise.all(clients.map((client) => client.connect(url(second.port))));
    await Promise.all(
      clients.map((client) =>
        client.waitFor(
          `${client.device} has all 5,000`,
          () => client.outbox.pendingCount() === 0 && client.known().size === 5000,
          60_000,
        ),
      ),
    );
    for (const client of clients) {
      expect(client.rejected).toEqual([]);
      expect([...client.known()].every((id) => all.has(id))).toBe(true);
      expect([...client.deliveries.values()].every((n) => n === 1)).toBe(true);
    }

    await killGroup(second.child, 'SIGTERM');
    const stored = storedIds();
    expect(stored.size).toBe(5000);
    expect(stored).toEqual(all);
  });
});
