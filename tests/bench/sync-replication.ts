/**
 * Event replication throughput: one client pushes N events over WS /sync to a server
 * with the embedded file store (WAL, synchronous=FULL); the clock runs from the first
 * push to the last `pushed`. Run through scripts/bench-sync.mjs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncTestClient } from '../support/sync-client';
import { createTestEvents } from '../support/sync-events';
import { startSyncTestServer } from '../support/sync-server';

export interface ReplicationBenchResult {
  events: number;
  batch: number;
  window: number;
  ms: number;
  eventsPerSecond: number;
}

/** One run; every event must be acknowledged as accepted. */
export async function runReplicationBench(options: {
  events: number;
  batch: number;
  window: number;
}): Promise<ReplicationBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arw-bench-sync-'));
  const server = await startSyncTestServer({ dataDir });
  const client = createSyncTestClient({
    device: 'bench',
    projects: ['p1'],
    batch: options.batch,
    window: options.window,
    validate: false,
  });
  try {
    await client.connect(server.syncUrl());
    const events = createTestEvents('bench')(options.events);
    const started = performance.now();
    client.push(events);
    await client.waitFor('all acknowledged', () => client.acked.size === options.events, 120_000);
    const ms = performance.now() - started;
    if (server.store.count() !== options.events) throw new Error(`stored ${server.store.count()} of ${options.events}`);
    return { ...options, ms, eventsPerSecond: (options.events / ms) * 1000 };
  } finally {
    client.terminate();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
