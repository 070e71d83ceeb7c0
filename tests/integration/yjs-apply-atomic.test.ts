/**
 * Issue 9 item 7: what is live is what is stored. Y.applyUpdate integrates an update's
 * structs before it reads its delete set, so an update can fail halfway with its first
 * part already in the document. The relay must refuse such an update whole: new clients
 * never see any of it, and a restart changes nothing they saw.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SYNC_CLOSE } from '../../spec/sync-protocol';
import {
  connectClient,
  destroyClients,
  startRelayServer,
  synced,
  waitFor,
  type RelayServer,
} from '../support/yjs-relay-server';

const ATTACKER_CLIENT = 777;
let dir: string;
let servers: RelayServer[] = [];
let clients: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arw-yjs-atomic-'));
});
afterEach(async () => {
  destroyClients(clients);
  clients = [];
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const server of servers) await server.close();
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

const start = async (port?: number) => {
  const server = await startRelayServer(join(dir, 'hub.sqlite'), port === undefined ? {} : { port });
  servers.push(server);
  return server;
};
const client = (server: RelayServer, doc: string) => {
  const provider = connectClient(server.wsUrl, doc);
  clients.push(provider);
  return provider;
};

/**
 * A V1 update from ATTACKER_CLIENT: a valid insert of `leaked` into root text `t`, then
 * (`brokenItem`) an item whose left origin is a clock of its own client that does not
 * exist (decodes, throws while integrating), then the delete set (`truncatedDeleteSet`:
 * announces a range and ends, so reading it throws).
 */
function halfValidUpdate(failure: 'brokenItem' | 'truncatedDeleteSet'): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // clients with structs
  encoding.writeVarUint(e, failure === 'brokenItem' ? 2 : 1); // structs of this client
  encoding.writeVarUint(e, ATTACKER_CLIENT);
  encoding.writeVarUint(e, 0); // first clock
  encoding.writeUint8(e, 4); // Item, ContentString, no origins: the parent follows
  encoding.writeVarUint(e, 1); // parent is a root type, by name
  encoding.writeVarString(e, 't');
  encoding.writeVarString(e, 'leaked');
  if (failure === 'brokenItem') {
    encoding.writeUint8(e, 0x80 | 4); // Item with a left origin, ContentString
    encoding.writeVarUint(e, ATTACKER_CLIENT);
    encoding.writeVarUint(e, 99);
    encoding.writeVarString(e, 'x');
    encoding.writeVarUint(e, 0); // empty delete set
  } else {
    encoding.writeVarUint(e, 1); // one client with deletes
    encoding.writeVarUint(e, ATTACKER_CLIENT);
    encoding.writeVarUint(e, 5); // five ranges announced, none follows
  }
  return encoding.toUint8Array(e);
}

/** Sends `update` as a y-websocket sync update on a raw socket; resolves with the close code. */
async function sendRaw(server: RelayServer, doc: string, update: Uint8Array): Promise<number> {
  const ws = new WebSocket(`${server.wsUrl}/${doc}?token=good-token`);
  sockets.push(ws);
  await new Promise((done) => ws.once('open', done));
  const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // sync
  encoding.writeVarUint(e, 2); // update
  encoding.writeVarUint8Array(e, update);
  ws.send(encoding.toUint8Array(e));
  return closed;
}

/** What a client that connects now sees of `doc` (its text `t`), and its full state. */
async function freshView(server: RelayServer, doc: string): Promise<{ text: string; state: unknown }> {
  const provider = connectClient(server.wsUrl, doc);
  try {
    await synced(provider);
    return { text: provider.doc.getText('t').toString(), state: provider.doc.toJSON() };
  } finally {
    destroyClients([provider]);
  }
}

/** A client on `notes` that wrote "kept" and saw it stored, with the close codes it gets. */
async function storedEdit(server: RelayServer) {
  const a = client(server, 'notes');
  await synced(a);
  const closes: number[] = [];
  a.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));
  a.doc.getText('t').insert(0, 'kept');
  await waitFor('server to store the edit', () => server.store.load('notes').length > 0);
  return { a, closes };
}

/** Closes `server` and starts it again on its port and store: what a new client then sees. */
async function viewAfterRestart(server: RelayServer): Promise<{ text: string; state: unknown }> {
  const port = server.port;
  servers = servers.filter((s) => s !== server);
  await server.close();
  return freshView(await start(port), 'notes');
}

describe('Yjs relay: an update is applied all or nothing', () => {
  it('R7 H7: an update with a truncated delete set after valid structs is refused whole; other clients stay connected', async () => {
    const update = halfValidUpdate('truncatedDeleteSet');
    // Today's Yjs really fails halfway on it: the insert is in the document when it throws.
    const probe = new Y.Doc();
    expect(() => Y.applyUpdate(probe, update)).toThrow();
    expect(probe.getText('t').toString()).toBe('leaked');

    const server = await start();
    const { a, closes } = await storedEdit(server);

    expect(await sendRaw(server, 'notes', update)).toBe(SYNC_CLOSE.badMessage);
    const seen = await freshView(server, 'notes');
    expect(seen.text).toBe('kept');
    expect(a.doc.getText('t').toString()).toBe('kept');
    expect(closes).toEqual([]);

    destroyClients([a]);
    expect(await viewAfterRestart(server)).toEqual(seen);
  });

  it('R7 H7: an update that throws while integrating is not left in the live document; its sockets resync', async () => {
    const update = halfValidUpdate('brokenItem');
    expect(() => Y.decodeUpdate(update)).not.toThrow();
    const probe = new Y.Doc();
    expect(() => Y.applyUpdate(probe, update)).toThrow();
    expect(probe.getText('t').toString()).toBe('leaked');

    const server = await start();
    const { a, closes } = await storedEdit(server);

    expect(await sendRaw(server, 'notes', update)).toBe(SYNC_CLOSE.badMessage);
    const seen = await freshView(server, 'notes');
    expect(seen.text).toBe('kept');
    await waitFor('the other client to be told to resync', () => closes.includes(SYNC_CLOSE.docReloaded));
    await waitFor('the other client to resync', () => a.synced && a.wsconnected);
    expect(a.doc.getText('t').toString()).toBe('kept');
    expect(await freshView(server, 'notes')).toEqual(seen);

    destroyClients([a]);
    expect(await viewAfterRestart(server)).toEqual(seen);
  });
});
