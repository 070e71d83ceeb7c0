/**
 * The relay with real sockets on port 0 and the real SQLite store, for what the
 * integration suites do not reach: a refused update never gets into the store through a
 * compaction in its own tick (R7), and remote updates for documents in memory and not
 * share the one group commit (R6, R11).
 */
import type { AddressInfo } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { openServerDb, type ServerDb } from '../storage/db';
import { createYjsStore, type YjsStore } from '../storage/yjs-store';
import { createYjsRelay, type YjsRelay } from './yjs-relay';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A relay over a fresh database behind a ws server on port 0; `attach(doc)` opens a socket on `doc`. */
async function start(compactEvery: number, beforeConnect?: (relay: YjsRelay, doc: string) => void) {
  const db: ServerDb = openServerDb(':memory:');
  const store = createYjsStore(db);
  const commits: number[] = [];
  const counted: YjsStore = { ...store, appendMany: (rows) => (commits.push(rows.length), store.appendMany(rows)) };
  const relay: YjsRelay = createYjsRelay({ store: counted, log, compactEvery });
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (ws, request) => {
    const doc = decodeURIComponent(request.url!.slice(1));
    beforeConnect?.(relay, doc);
    relay.handleConnection(ws, doc, { id: 'tester' });
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  cleanup.push(
    () => void db.close(),
    () => new Promise<void>((resolve) => server.close(() => resolve())),
    () => relay.close(),
  );
  const port = (server.address() as AddressInfo).port;
  const attach = async (doc: string) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/${encodeURIComponent(doc)}`);
    cleanup.push(() => ws.terminate());
    // The relay speaks first (sync step 1): the document is loaded once that arrives.
    await new Promise((resolve) => ws.once('message', resolve));
    return ws;
  };
  return { relay, store, commits, attach };
}

const edit = (text: string) => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
};
const textOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
};

/** A V1 update that decodes but throws while integrating, after inserting `leaked` (see yjs-apply-atomic.test.ts). */
function halfValidUpdate(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint(e, 777);
  encoding.writeVarUint(e, 0);
  encoding.writeUint8(e, 4);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 't');
  encoding.writeVarString(e, 'leaked');
  encoding.writeUint8(e, 0x80 | 4); // a left origin at a clock of its own client that does not exist
  encoding.writeVarUint(e, 777);
  encoding.writeVarUint(e, 99);
  encoding.writeVarString(e, 'x');
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

describe('Yjs relay over its persistence', () => {
  it("R7: an update refused halfway never reaches the store, even when its tick's commit compacts the document", async () => {
    const t = await start(2);
    const ws = await t.attach('notes');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const first = edit('first');
    const kept = edit('kept');
    await t.relay.applyRemoteUpdate('notes', first);
    // Same tick: a good update (its commit reaches compactEvery), then one that fails halfway.
    const good = t.relay.applyRemoteUpdate('notes', kept);
    const bad = t.relay.applyRemoteUpdate('notes', halfValidUpdate());
    await expect(bad).rejects.toThrow();
    await good;
    expect(await closed).toBe(1012);
    expect(t.relay.loadedDocs()).toEqual([]);
    // Compacted, from the stored rows only.
    expect(t.store.count('notes')).toBe(1);
    expect(textOf(t.relay.encodeState('notes'))).toBe(textOf(Y.mergeUpdates([first, kept])));
    expect(textOf(t.relay.encodeState('notes'))).not.toContain('leaked');
  });

  it('R6/R11: remote updates for a loaded and an unloaded document in one tick are one commit; the loaded one is relayed', async () => {
    const t = await start(500);
    const ws = await t.attach('open');
    const relayed = new Promise<Buffer>((resolve) => ws.once('message', (data: Buffer) => resolve(data)));
    t.commits.length = 0;
    await Promise.all([
      t.relay.applyRemoteUpdate('open', edit('to the socket')),
      t.relay.applyRemoteUpdate('cold', edit('stored only')),
    ]);
    expect(t.commits).toEqual([2]);
    expect((await relayed)[0]).toBe(0); // a sync message
    expect(t.relay.loadedDocs()).toEqual(['open']);
    expect(textOf(t.relay.encodeState('cold'))).toBe('stored only');
    const late = await t.attach('cold');
    expect(late.readyState).toBe(WebSocket.OPEN);
    expect(textOf(t.relay.encodeState('cold'))).toBe('stored only');
  });

  it('R11: a remote update still waiting for its commit is in the store before its document loads', async () => {
    let pending: Promise<void> | undefined;
    // In the connection's own tick, just before it loads the document: the update is not committed yet.
    const t = await start(500, (relay, doc) => void (pending = relay.applyRemoteUpdate(doc, edit('before load'))));
    await t.attach('cold');
    await pending;
    expect(t.relay.loadedDocs()).toEqual(['cold']);
    expect(textOf(t.relay.encodeState('cold'))).toBe('before load');
    expect(t.store.count('cold')).toBe(1);
  });
});
