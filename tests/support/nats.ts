/**
 * Starts and stops a real nats-server (Debian package, JetStream on) on a free loopback
 * port with a temp store dir; `restart()` brings it back on the same port and store.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, spawnChild } from './child-processes';

export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
/** False when the binary is missing: tests skip with a message saying so. */
export const HAS_NATS_SERVER = existsSync(NATS_SERVER_BIN);
export const NO_NATS_MESSAGE = `nats-server not found at ${NATS_SERVER_BIN} (apt-get install nats-server): NATS tests skipped`;

export interface NatsServerHandle {
  url: string;
  port: number;
  storeDir: string;
  /** Stops its process group (SIGTERM, then SIGKILL after 5 s); resolves when it is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store dir. */
  start(): Promise<void>;
  /** Stops it and removes the store dir. */
  dispose(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bind to 0, read, release). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function launch(port: number, storeDir: string): Promise<ChildProcess> {
  const child = spawnChild(NATS_SERVER_BIN, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ready = new Promise<ChildProcess>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${log}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${log}`));
    });
  });
  // One that never became ready may still be running: end it before failing.
  return ready.catch(async (error: unknown) => {
    await killGroup(child, 'SIGKILL');
    throw error;
  });
}

/** Starts a JetStream-enabled nats-server on a free loopback port. */
export async function startNatsServer(): Promise<NatsServerHandle> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'arw-nats-'));
  let child: ChildProcess | undefined = await launch(port, storeDir);
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running) await killGroup(running, 'SIGTERM', 5_000);
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    stop,
    start: async () => {
      if (!child) child = await launch(port, storeDir);
    },
    dispose: async () => {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
