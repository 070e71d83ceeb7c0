/**
 * Children and temp dirs of the scale bench, all remembered so that the end of the run,
 * an error or Ctrl-C removes every one: children run in their own process group (a
 * `tsx` wrapper and its node, chromium and its renderers) and are killed by group.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** `spawn` in a new process group, remembered until `stopChild`. */
export function spawnChild(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  children.add(child);
  return child;
}

/** SIGTERM to the child's group, SIGKILL after `graceMs`; resolves when the leader exited. */
export async function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (!gone(child)) {
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  // Whatever else is left in the group (a node started by tsx) goes too.
  signalGroup(child, 'SIGKILL');
  children.delete(child);
}

/** A fresh temp dir, removed by `cleanup`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  dirs.delete(dir);
}

/** Kills every child group still known and removes every temp dir (synchronous: safe in 'exit'). */
export function cleanup(): void {
  for (const child of children) signalGroup(child, 'SIGKILL');
  children.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  dirs.clear();
}

let installed = false;
/** Cleans up on exit, on SIGINT/SIGTERM and on an uncaught error. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping the bench's children and removing its temp dirs`);
      cleanup();
      process.exit(130);
    });
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.once('error', fail);
  });
}

/** VmRSS and VmHWM (bytes) of `pid` from /proc, or undefined when it is gone. */
export function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, all threads, ms) `pid` has used so far, from /proc; NaN when it is gone. */
export function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
