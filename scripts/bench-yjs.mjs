/**
 * Bench (issue 3): throughput of Yjs updates through our relay (auth, SQLite persistence
 * with group commit, compaction) vs a bare y-protocols relay (no auth, no persistence),
 * same run, same pre-encoded updates. One writer streams N update frames; R readers apply
 * what is relayed until they hold the whole text (clients in a worker thread, like remote
 * peers). Our relay sends one merged frame per doc per commit. Prints updates/s and the ratio.
 * Run: node --import tsx scripts/bench-yjs.mjs [--updates 5000] [--readers 3] [--rounds 3] [--burst 0]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const { values } = isMainThread
  ? parseArgs({
      options: {
        updates: { type: 'string', default: '5000' },
        readers: { type: 'string', default: '3' },
        rounds: { type: 'string', default: '3' },
        burst: { type: 'string', default: '0' },
      },
    })
  : { values: workerData.values };
const N = Number(values.updates);
const READERS = Number(values.readers);
const ROUNDS = Number(values.rounds);
/** Frames the writer sends per event-loop turn; 0 = all at once. Small bursts mean small group commits. */
const BURST = Number(values.burst);

/** N small text edits, each as a y-websocket sync `update` frame. */
function makeFrames(seed) {
  const doc = new Y.Doc();
  doc.clientID = seed;
  const frames = [];
  doc.on('update', (update) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    frames.push(encoding.toUint8Array(encoder));
  });
  const text = doc.getText('t');
  for (let i = 0; i < N; i++) text.insert(text.length, `w${i % 10}`);
  return frames;
}

/** The bare relay: y-protocols sync per doc, broadcast of every update, nothing else. */
function bareRelay(server) {
  const wss = new WebSocketServer({ server });
  const docs = new Map();
  wss.on('connection', (ws, req) => {
    const name = req.url;
    let entry = docs.get(name);
    if (!entry) {
      const doc = new Y.Doc();
      entry = { doc, conns: new Set() };
      doc.on('update', (update) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        syncProtocol.writeUpdate(encoder, update);
        const message = encoding.toUint8Array(encoder);
        for (const conn of entry.conns) conn.send(message);
      });
      docs.set(name, entry);
    }
    entry.conns.add(ws);
    ws.on('close', () => entry.conns.delete(ws));
    ws.on('message', (data) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const encoder = encoding.createEncoder();
      if (decoding.readVarUint(decoder) !== 0) return;
      encoding.writeVarUint(encoder, 0);
      syncProtocol.readSyncMessage(decoder, encoder, entry.doc, ws);
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
    });
  });
  return { close: () => wss.close() };
}

async function ourRelay(server, dbPath) {
  const { createYjsRelay } = await import('../sync-server/relay/yjs-relay.ts');
  const { openServerDb } = await import('../sync-server/storage/db.ts');
  const { createYjsStore } = await import('../sync-server/storage/yjs-store.ts');
  const db = openServerDb(dbPath);
  const relay = createYjsRelay({ store: createYjsStore(db), log: { info() {}, warn() {}, error: console.error } });
  // The relay alone (its token check is one comparison; the server's gate is measured by bench:server).
  const wss = new WebSocketServer({ noServer: true, maxPayload: relay.maxFrameBytes, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.searchParams.get('token') !== 'bench-token' || !url.pathname.startsWith('/yjs/')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) =>
      relay.handleConnection(ws, decodeURIComponent(url.pathname.slice(5)), { id: 'bench' }),
    );
  });
  return { close: () => (relay.close(), wss.close(), db.close()) };
}

const open = (url) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

/** Streams the frames from one writer; resolves with updates/s once every reader has applied all N. */
async function measure(baseUrl, frames, expectedLength) {
  const readers = await Promise.all(Array.from({ length: READERS }, () => open(baseUrl)));
  const writer = await open(baseUrl);
  let pending = READERS;
  // Each reader applies what it receives; done when every reader holds the whole text.
  const done = new Promise((resolve) => {
    for (const reader of readers) {
      const doc = new Y.Doc();
      const text = doc.getText('t');
      reader.on('message', (data) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 2) return;
        Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
        if (text.length === expectedLength && --pending === 0) resolve();
      });
    }
  });
  const start = performance.now();
  if (BURST <= 0) for (const frame of frames) writer.send(frame);
  else
    for (let i = 0; i < frames.length; i += BURST) {
      for (const frame of frames.slice(i, i + BURST)) writer.send(frame);
      await new Promise((resolve) => setImmediate(resolve));
    }
  await done;
  const seconds = (performance.now() - start) / 1000;
  for (const ws of [...readers, writer]) ws.terminate();
  return N / seconds;
}

async function run(kind, round) {
  const dir = mkdtempSync(join(tmpdir(), 'arw-bench-yjs-'));
  const server = createServer();
  const relay = kind === 'bare' ? bareRelay(server) : await ourRelay(server, join(dir, 'bench.sqlite'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const url =
    kind === 'bare'
      ? `ws://127.0.0.1:${port}/yjs/bench-${round}`
      : `ws://127.0.0.1:${port}/yjs/bench-${round}?token=bench-token`;
  // Clients run in a worker thread, so the server's fsyncs do not also stall the clients.
  const worker = new Worker(new URL(import.meta.url), { workerData: { values, url, round } });
  const rate = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  relay.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

if (!isMainThread) {
  parentPort.postMessage(await measure(workerData.url, makeFrames(1000 + workerData.round), N * 2));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (isMainThread) {
  const bare = [];
  const ours = [];
  await run('bare', 0);
  await run('ours', 0);
  for (let round = 1; round <= ROUNDS; round++) {
    bare.push(await run('bare', round));
    ours.push(await run('ours', round));
  }
  const ratio = median(ours) / median(bare);
  console.log(`yjs relay bench: ${N} updates, ${READERS} readers, ${ROUNDS} rounds (median), burst ${BURST || 'all'}`);
  console.log(`  bare y-protocols relay: ${Math.round(median(bare))} updates/s`);
  console.log(`  ARW relay (auth + SQLite FULL + group commit): ${Math.round(median(ours))} updates/s`);
  console.log(`  ratio: ${ratio.toFixed(2)} (target ≥ 0.80) ${ratio >= 0.8 ? 'OK' : 'BELOW TARGET'}`);
}
