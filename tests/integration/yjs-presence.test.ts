/**
 * Issue 9 item 8: presence belongs to its socket. With y-websocket's own providers: a
 * socket that sends awareness entries for another device's client id (to overwrite or
 * remove its presence) has them dropped; its own presence still works, and a device that
 * reconnects on a new socket before its old one is gone keeps its presence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
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

type Presence = { user?: { name?: string } } | undefined;

let dir: string;
let server: RelayServer;
let clients: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arw-yjs-presence-'));
  server = await startRelayServer(join(dir, 'hub.sqlite'));
});
afterEach(async () => {
  destroyClients(clients);
  clients = [];
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (token: string, ydoc?: Y.Doc) => {
  const provider = connectClient(server.wsUrl, 'room', token, ydoc);
  clients.push(provider);
  return provider;
};
const nameSeenBy = (observer: WebsocketProvider, clientId: number) =>
  (observer.awareness.getStates().get(clientId) as Presence)?.user?.name;

/** A y-websocket awareness message with one entry (`state` null = remove). */
function awarenessMessage(clientId: number, clock: number, state: object | null): Uint8Array {
  const entries = encoding.createEncoder();
  encoding.writeVarUint(entries, 1);
  encoding.writeVarUint(entries, clientId);
  encoding.writeVarUint(entries, clock);
  encoding.writeVarString(entries, JSON.stringify(state));
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1); // awareness
  encoding.writeVarUint8Array(message, encoding.toUint8Array(entries));
  return encoding.toUint8Array(message);
}

describe('Yjs relay: presence belongs to its socket', () => {
  it("R10 H8: a socket cannot overwrite or remove another device's presence; its own presence still works", async () => {
    const a = client('good-token');
    const b = client('other-token');
    const c = client('other-token');
    await Promise.all([synced(a), synced(b), synced(c)]);
    const victim = a.doc.clientID;
    a.awareness.setLocalStateField('user', { name: 'Victim (typing…)' });
    await waitFor('C to see A', () => nameSeenBy(c, victim) === 'Victim (typing…)');
    // Everything C is ever shown for A, and every removal of A it sees.
    const shownForA: Array<string | undefined> = [];
    c.awareness.on('change', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
      if ([...added, ...updated].includes(victim)) shownForA.push(nameSeenBy(c, victim));
      if (removed.includes(victim)) shownForA.push('(removed)');
    });

    const clock = a.awareness.meta.get(victim)!.clock;
    b.ws!.send(awarenessMessage(victim, clock + 10, { user: { name: 'Victim (typing…) — FORGED' } }));
    // Frames of one socket are handled in order: once C sees B's own update, the forgery was handled.
    b.awareness.setLocalStateField('user', { name: 'B' });
    await waitFor('C to see B', () => nameSeenBy(c, b.doc.clientID) === 'B');
    b.ws!.send(awarenessMessage(victim, clock + 20, null));
    b.awareness.setLocalStateField('user', { name: 'B again' });
    await waitFor('C to see B again', () => nameSeenBy(c, b.doc.clientID) === 'B again');

    expect(shownForA).toEqual([]);
    expect(nameSeenBy(c, victim)).toBe('Victim (typing…)');
    expect(nameSeenBy(a, b.doc.clientID)).toBe('B again');
  });

  it('R10 H8: a device that reconnects on a new socket before its old one is gone keeps its presence', async () => {
    const c = client('other-token');
    await synced(c);
    // The old socket of device "alice": it announced its presence, then its network went silent.
    const stale = new WebSocket(`${server.wsUrl}/room?token=good-token`);
    sockets.push(stale);
    await new Promise((done) => stale.once('open', done));
    const ydoc = new Y.Doc();
    stale.send(awarenessMessage(ydoc.clientID, 1, { user: { name: 'alice (old socket)' } }));
    await waitFor("C to see the old socket's presence", () => nameSeenBy(c, ydoc.clientID) === 'alice (old socket)');

    const again = client('good-token', ydoc);
    // Two changes take its clock past the old socket's, as the same provider's clock would be.
    again.awareness.setLocalStateField('user', { name: 'alice (reconnecting)' });
    again.awareness.setLocalStateField('user', { name: 'alice' });
    await waitFor('C to see the reconnected device', () => nameSeenBy(c, ydoc.clientID) === 'alice');
  });
});
