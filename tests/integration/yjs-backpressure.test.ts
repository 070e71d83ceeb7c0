/**
 * Issue 9 item 6: backpressure on /yjs. The relay runs in a child process so its RSS
 * can be read from /proc; one socket on a document never reads while another client
 * writes 60 MiB of updates that do not grow the document (one Y.Map key overwritten with
 * fresh strings), so what the server holds on to beyond that is buffering. RSS is read
 * after a full GC in the child: the relay makes several times the data rate in
 * short-lived buffers, and when V8 collects them is noise, not what the server holds.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import { SYNC_CLOSE } from '../../spec/sync-protocol';
import { killGroup, spawnChild } from '../support/child-processes';
import { connectClient, destroyClients, synced, waitFor } from '../support/yjs-relay-server';

const ROOT = resolve(import.meta.dirname, '../..');
const MIB = 1024 * 1024;
const CHUNK = 64 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'arw-yjs-backpressure-'));
let child: ChildProcess | undefined;
let onGcDone: (() => void) | undefined;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

afterAll(async () => {
  destroyClients(providers);
  for (const ws of sockets) ws.terminate();
  if (child) await killGroup(child, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Spawns the relay in its own process group; resolves with its port once it prints YJS_READY. */
function startRelayChild(): Promise<number> {
  child = spawnChild(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/support/yjs-relay-main.ts'], {
    cwd: ROOT,
    // Large freed buffers go back to the OS at once, so RSS after a GC is what is live.
    env: { ...process.env, ARW_YJS_DB: join(dir, 'hub.sqlite'), MALLOC_MMAP_THRESHOLD_: '65536' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let pending = '';
    child!.stdout!.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const ready = /^YJS_READY (\d+)$/.exec(line);
        if (ready) done(Number(ready[1]));
        if (line === 'GC_DONE') onGcDone?.();
      }
    });
    child!.once('exit', (code) => fail(new Error(`relay exited early (${code})`)));
  });
}

/** The child's VmRSS right after a full GC in it. */
async function heldRss(pid: number): Promise<number> {
  await new Promise<void>((done) => {
    onGcDone = done;
    process.kill(pid, 'SIGUSR2');
  });
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

test('R9 H6: a /yjs socket that never reads is closed while another client writes 60 MiB; server memory stays flat', async () => {
  const port = await startRelayChild();
  const pid = child!.pid!;
  const wsBase = `ws://127.0.0.1:${port}/yjs`;
  const writer = connectClient(wsBase, 'big');
  const observer = connectClient(wsBase, 'big');
  providers.push(writer, observer);
  await Promise.all([synced(writer), synced(observer)]);
  const blob = writer.doc.getMap<string>('m');
  /** Overwrites one key with fresh 64 KiB strings, `mib` MiB in all; the observer sees each MiB before the next (the server handled it). */
  const write = async (tag: string, mib: number) => {
    for (let round = 0; round < mib; round++) {
      let value = '';
      for (let i = 0; i < MIB / CHUNK; i++) {
        value = `${tag}${round}.${i}:`.padEnd(CHUNK, String.fromCharCode(97 + (i % 26)));
        blob.set('blob', value);
      }
      await waitFor(
        `the observer to see MiB ${tag}${round}`,
        () => observer.doc.getMap<string>('m').get('blob') === value,
        60_000,
      );
    }
  };
  // The first MiBs through any server grow its heap to its working size.
  await write('warm-up ', 20);

  // The stalled peer: attached to the document, then its socket is never read again.
  const reader = new WebSocket(`${wsBase}/big?token=good-token`);
  sockets.push(reader);
  await new Promise((done) => reader.once('message', done));
  const readerSocket = (reader as unknown as { _socket: Socket })._socket;
  readerSocket.pause();
  let readerBytes = 0;
  reader.on('message', (data: Buffer) => (readerBytes += data.byteLength));
  const readerClosed = new Promise<number>((done) => reader.once('close', (code) => done(code)));

  const baseline = await heldRss(pid);
  const growth: number[] = [];
  for (let step = 0; step < 6; step++) {
    await write(`${step}/`, 10);
    growth.push((await heldRss(pid)) - baseline);
  }
  const shown = growth.map((bytes) => `${(bytes / MIB).toFixed(1)}`).join(', ');
  expect(Math.max(...growth), `server RSS after each 10 MiB grew by ${shown} MiB`).toBeLessThan(25 * MIB);

  // Reading again, the stalled peer gets what the kernel had taken, then the end of the socket.
  readerSocket.resume();
  expect([SYNC_CLOSE.slowConsumer, 1006]).toContain(await readerClosed);
  expect(readerBytes).toBeLessThan(30 * MIB);
  expect(writer.wsconnected && observer.wsconnected).toBe(true);
});
