/**
 * Every child process a test starts: spawned in its own process group and remembered,
 * so teardown kills the whole tree by group (a `tsx` wrapper and the node it starts,
 * chromium and its renderers), not just the process we hold. `killAll()` is for
 * teardown; the same is done with SIGKILL when the test worker exits.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { TEST_RUN_VAR } from '../../scripts/leftover-processes.mjs';

type GroupSignal = 'SIGTERM' | 'SIGKILL';

// The one registry the exit hook can reach: a test that forgets teardown still leaves nothing.
const spawned = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of spawned) if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
});

/**
 * `spawn` in a new process group (pgid = the child's pid), remembered until killed.
 * The test run's marker (ARW_TEST_RUN) is kept even when `options.env` is a fresh
 * object, so the runner can still find the child if it outlives the test.
 */
export function spawnChild(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const env = { ...(options.env ?? process.env) };
  const marker = process.env[TEST_RUN_VAR];
  if (marker !== undefined && env[TEST_RUN_VAR] === undefined) env[TEST_RUN_VAR] = marker;
  const child = spawn(command, args, { ...options, env, detached: true });
  spawned.add(child);
  return child;
}

/**
 * Sends `signal` to the child's whole group; after `graceMs` without the group gone,
 * SIGKILL. Resolves once no live process is left in the group and the child's own
 * `exit` has been seen (its pipes are closed).
 */
export async function killGroup(child: ChildProcess, signal: GroupSignal = 'SIGTERM', graceMs = 5_000): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return void spawned.delete(child);
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((done) => child.once('exit', () => done()));
  signalGroup(pgid, signal);
  let killedAt = signal === 'SIGKILL' ? Date.now() : undefined;
  const termDeadline = Date.now() + graceMs;
  while (groupMembers(pgid).length > 0) {
    if (killedAt === undefined && Date.now() >= termDeadline) {
      signalGroup(pgid, 'SIGKILL');
      killedAt = Date.now();
    }
    if (killedAt !== undefined && Date.now() - killedAt > 10_000) {
      throw new Error(`process group ${pgid} survived SIGKILL for 10 s: pids ${groupMembers(pgid).join(', ')}`);
    }
    await new Promise((tick) => setTimeout(tick, 20));
  }
  await exited;
  spawned.delete(child);
}

/** Kills every remembered child's group (SIGTERM, then SIGKILL after the grace). */
export async function killAll(signal: GroupSignal = 'SIGTERM', graceMs = 5_000): Promise<void> {
  await Promise.all([...spawned].map((child) => killGroup(child, signal, graceMs)));
}

/**
 * Live (not zombie) pids in process group `pgid`. Zombies are skipped because nothing
 * here may reap an orphaned grandchild (PID 1 in some containers never does).
 */
export function groupMembers(pgid: number): number[] {
  try {
    process.kill(-pgid, 0);
  } catch {
    return [];
  }
  if (!existsSync('/proc')) return [pgid];
  const members: number[] = [];
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
    } catch {
      continue;
    }
    // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(dir));
  }
  return members;
}

function signalGroup(pgid: number, signal: GroupSignal): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}
