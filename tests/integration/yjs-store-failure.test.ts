/**
 * R6 with y-websocket's own providers and the real SQLite store: while the database
 * refuses writes (as on a full or failed disk), an edit is never relayed; the document's
 * sockets close with 1011, and once writes work again the providers reconnect and resend
 * it, so it is stored and reaches the other client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  connectClient,
  destroyClients,
  startRelayServer,
  synced,
  waitFor,
  type RelayServer,
} from '../support/yjs-relay-server';

let dir: string;
let server: RelayServer;
let clients: WebsocketProvider[] = [];

const errors: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arw-yjs-store-failure-'));
  const log = {
    info: () => undefined,
    warn: () => undefined,
    error: (_: object, message = '') => errors.push(message),
  };
  server = await startRelayServer(join(dir, 'hub.sqlite'), { relay: { log } });
});
afterEach(async () => {
  destroyClients(clients);
  clients = [];
  errors.length = 0;
  server.db.pragma('query_only = OFF');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = () => {
  const provider = connectClient(server.wsUrl, 'doc');
  clients.push(provider);
  return provider;
};
const storedText = () => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(server.store.load('doc')));
  return doc.getText('t').toString();
};

test('R6: an edit the store cannot write is never relayed; its sockets close 1011 and it lands once writes work', async () => {
  const [a, b] = [client(), client()];
  await Promise.all([synced(a), synced(b)]);
  a.doc.getText('t').insert(0, 'kept;');
  await waitFor('B sees the stored edit', () => b.doc.getText('t').toString() === 'kept;');

  const closes: { who: string; code: number | undefined; bText: string }[] = [];
  for (const [who, provider] of [
    ['a', a],
    ['b', b],
  ] as const)
    provider.on('connection-close', (event) =>
      closes.push({ who, code: event?.code, bText: b.doc.getText('t').toString() }),
    );
  server.db.pragma('query_only = ON');
  a.doc.getText('t').insert(5, 'lost?;');
  await waitFor('both sockets closed', () => ['a', 'b'].every((who) => closes.some((c) => c.who === who)));
  expect(closes.slice(0, 2).map((c) => c.code)).toEqual([1011, 1011]);
  // Frames arrive in order: a relayed edit would have reached B before its close.
  expect(closes.find((c) => c.who === 'b')!.bText).toBe('kept;');
  expect(storedText()).toBe('kept;');
  expect(errors[0]).toMatch(/yjs persist failed/);

  server.db.pragma('query_only = OFF');
  await waitFor('A resends after reconnecting; B gets it', () => b.doc.getText('t').toString() === 'kept;lost?;');
  expect(storedText()).toBe('kept;lost?;');
});
