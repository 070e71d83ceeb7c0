/**
 * The real server entry (`tsx sync-server/main.ts`, what `npm start` runs after the
 * build) as a child process on a free loopback port, for tests of start-up, secrets
 * and tokens. Its stdout and stderr are collected in `logs()`; `stop()` ends tsx and the
 * node it started (by process group).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { killGroup, spawnChild } from './child-processes';

export const ROOT = resolve(import.meta.dirname, '../..');
export const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** The URL the server printed (`http://localhost:<port>`). */
  url: string;
  logs(): string;
  /** Ends the whole process tree: `signal` (default SIGTERM, SIGKILL after 5 s); resolves when it is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Spawns the entry with `env` (PORT is chosen here) and resolves once it prints that it is running. */
export async function spawnServer(env: Record<string, string | undefined>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawnChild(TSX, ['sync-server/main.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  const started = new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${logs}`)), 30_000);
    const read = (chunk: Buffer) => {
      logs += chunk.toString();
      const match = /running: (http:\/\/\S+)/.exec(logs);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}): ${logs}`));
    });
  });
  // A server that never said it runs may still be starting: end it before failing.
  const url = await started.catch(async (error: unknown) => {
    await killGroup(child, 'SIGKILL');
    throw error;
  });
  return { child, port, url, logs: () => logs, stop: (signal = 'SIGTERM') => killGroup(child, signal) };
}
