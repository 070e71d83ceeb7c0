/**
 * R12 over real sockets: the relay pings every socket each period; one that answers
 * (ws answers pings by itself) stays however long it is idle, one that never answers
 * is dropped after exactly `maxMissedPongs` unanswered pings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { startRelayServer, waitFor, type RelayServer } from '../support/yjs-relay-server';

const PERIOD_MS = 100;
const MAX_MISSED = 3;

let dir: string;
let server: RelayServer;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arw-yjs-keepalive-'));
  server = await startRelayServer(join(dir, 'hub.sqlite'), {
    relay: { pingIntervalMs: PERIOD_MS, maxMissedPongs: MAX_MISSED },
  });
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw socket on the document that counts the pings it gets; `autoPong: false` never answers them. */
async function open(autoPong: boolean) {
  const ws = new WebSocket(`${server.wsUrl}/beat?token=good-token`, { autoPong });
  sockets.push(ws);
  const seen = { pings: 0, closed: false };
  ws.on('ping', () => void (seen.pings += 1));
  ws.on('close', () => void (seen.closed = true));
  await new Promise((resolve) => ws.once('open', resolve));
  return seen;
}

test('R12: a socket that answers pings stays; one that does not is dropped after maxMissed silent periods', async () => {
  const live = await open(true);
  const silent = await open(false);
  await waitFor('the silent socket dropped', () => silent.closed, 10 * PERIOD_MS * MAX_MISSED);
  expect(silent.pings).toBe(MAX_MISSED);
  await waitFor('the live socket pinged for three times as long', () => live.pings >= 3 * MAX_MISSED);
  expect(live.closed).toBe(false);
});
