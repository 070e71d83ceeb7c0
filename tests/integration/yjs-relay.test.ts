/**
 * Issue 3 item 1: the Yjs relay with real sockets on loopback and y-websocket's own
 * WebsocketProvider as the client (code from outside the app).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  ALLOWED_ORIGIN,
  connectClient,
  FORBIDDEN_TOKEN,
  destroyClients,
  startRelayServer,
  synced,
  waitFor,
  type RelayServer,
} from '../support/yjs-relay-server';

let dir: string;
let servers: RelayServer[] = [];
let clients: WebsocketProvider[] = [];

const start = async (options: Parameters<typeof startRelayServer>[1] = {}) => {
  const server = await startRelayServer(join(dir, 'hub.sqlite'), options);
  servers.push(server);
  return server;
};
const client = (server: RelayServer, doc: string, token?: string) => {
  const provider = connectClient(server.wsUrl, doc, token);
  clients.push(provider);
  return provider;
};
const stop = async (server: RelayServer) => {
  servers = servers.filter((s) => s !== server);
  await server.close();
};

/** Opens a raw upgrade and resolves with the HTTP status of a rejection, or 101. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arw-yjs-'));
});
afterEach(async () => {
  destroyClients(clients);
  clients = [];
  for (const server of servers) await server.close();
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('Yjs relay', () => {
  it("R10: two clients converge and see each other's awareness", async () => {
    const server = await start();
    const a = client(server, 'notes');
    const b = client(server, 'notes');
    await Promise.all([synced(a), synced(b)]);
    // Persist before relay: when B receives A's edit, the server's store already holds it.
    const storedWhenRelayed: string[] = [];
    b.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === b)
        storedWhenRelayed.push(
          fromUpdate(Y.mergeUpdates(server.store.load('notes')))
            .getText('t')
            .toString(),
        );
    });
    a.doc.getText('t').insert(0, 'hello ');
    b.doc.getMap('m').set('k', 42);
    a.awareness.setLocalStateField('user', { name: 'A' });
    b.awareness.setLocalStateField('user', { name: 'B' });
    await waitFor(
      'docs to converge',
      () =>
        a.doc.getText('t').toString() === 'hello ' &&
        a.doc.getMap('m').get('k') === 42 &&
        b.doc.getText('t').toString() === 'hello ',
    );
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));
    expect(storedWhenRelayed).toContain('hello ');
    await waitFor(
      'presence',
      () =>
        b.awareness.getStates().get(a.doc.clientID)?.user?.name === 'A' &&
        a.awareness.getStates().get(b.doc.clientID)?.user?.name === 'B',
    );
    b.destroy();
    await waitFor('presence removed when B leaves', () => !a.awareness.getStates().has(b.doc.clientID));
  });

  it('R5: a restart (store closed and reopened on the same file) loses nothing', async () => {
    let server = await start();
    const a = client(server, 'doc');
    await synced(a);
    for (let i = 0; i < 50; i++) a.doc.getText('t').insert(0, `${i},`);
    const expected = a.doc.getText('t').toString();
    await waitFor(
      'server to hold every edit',
      () =>
        fromUpdate(Y.mergeUpdates(server.store.load('doc')))
          .getText('t')
          .toString() === expected,
    );
    destroyClients([a]);
    const port = server.port;
    await stop(server);
    server = await start({ port });
    expect(server.relay.loadedDocs()).toEqual([]);
    const b = client(server, 'doc');
    await synced(b);
    await waitFor('doc loaded from disk', () => b.doc.getText('t').toString() === expected);
  });

  it('rejects a bad token with 401 and a bad Origin with 403 before the handshake', async () => {
    const server = await start();
    expect(await upgradeStatus(`${server.wsUrl}/d?token=nope`)).toBe(401);
    expect(await upgradeStatus(`${server.wsUrl}/d`)).toBe(401);
    expect(await upgradeStatus(`${server.wsUrl}/d?token=good-token`, 'http://evil.test')).toBe(403);
    expect(await upgradeStatus(`${server.wsUrl}/d?token=${FORBIDDEN_TOKEN}`)).toBe(403);
    expect(await upgradeStatus(`${server.wsUrl}/d?token=good-token`, ALLOWED_ORIGIN)).toBe(101);
    expect(await upgradeStatus(`${server.wsUrl}/d?token=good-token`)).toBe(101);
  });

  it('R8: closes a connection that sends an oversize frame with 1009', async () => {
    const server = await start({ relay: { maxFrameBytes: 4096 } });
    const ws = new WebSocket(`${server.wsUrl}/big?token=good-token`);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(new Uint8Array(10_000));
    expect(await closed).toBe(1009);
  });

  it('R11: unloads an idle doc after the timeout and reloads it intact', async () => {
    const server = await start({ relay: { idleUnloadMs: 150 } });
    const a = client(server, 'idle');
    await synced(a);
    a.doc.getMap('m').set('x', 'y');
    a.doc.getText('t').insert(0, 'abc');
    await waitFor('server has the edit', () => docText(server, 'idle') === 'abc');
    expect(server.relay.loadedDocs()).toEqual(['idle']);
    destroyClients([a]);
    await waitFor('idle doc unloaded', () => server.relay.loadedDocs().length === 0);
    const b = client(server, 'idle');
    await synced(b);
    await waitFor(
      'reloaded intact',
      () => b.doc.getText('t').toString() === 'abc' && b.doc.getMap('m').get('x') === 'y',
    );
  });

  it('R3: compaction replaces many rows by one and keeps the state identical', async () => {
    const server = await start({ relay: { compactEvery: 1_000_000 } });
    const a = client(server, 'c');
    await synced(a);
    for (let i = 0; i < 200; i++) {
      if (i % 3 === 0 && a.doc.getText('t').length > 2) a.doc.getText('t').delete(0, 2);
      else a.doc.getText('t').insert(0, `x${i}`);
      a.doc.getMap('m').set(`k${i % 7}`, i);
    }
    const expected = a.doc.getText('t').toString();
    await waitFor('server has every edit', () => docText(server, 'c') === expected);
    expect(server.store.count('c')).toBeGreaterThan(100);
    const before = fromUpdate(Y.mergeUpdates(server.store.load('c')));
    server.relay.compact('c');
    expect(server.store.count('c')).toBe(1);
    const after = fromUpdate(server.store.load('c')[0]!);
    expect(after.toJSON()).toEqual(before.toJSON());
    expect(Y.encodeStateVector(after)).toEqual(Y.encodeStateVector(before));
    a.doc.getText('t').insert(0, 'after-');
    await waitFor('edits after compaction are stored', () => server.store.count('c') === 2);
    expect(
      fromUpdate(Y.mergeUpdates(server.store.load('c')))
        .getText('t')
        .toString(),
    ).toBe(`after-${expected}`);
  });
});

function fromUpdate(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

function docText(server: RelayServer, name: string): string {
  return fromUpdate(server.relay.encodeState(name)).getText('t').toString();
}
