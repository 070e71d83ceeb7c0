/**
 * H12: the runner's leftover scan (scripts/leftover-processes.mjs) finds a process that
 * carries the run's marker and nothing else, lets one that is already exiting finish,
 * and kills what it found.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { findLeftovers, findMarkedProcesses, killProcesses, TEST_RUN_VAR } from '../../scripts/leftover-processes.mjs';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A deliberately leaked process: `sleep <seconds>`, detached, with `env` added to ours. */
function leak(seconds: number, env: Record<string, string>): ChildProcess {
  const child = spawn('sleep', [String(seconds)], { detached: true, stdio: 'ignore', env: { ...process.env, ...env } });
  started.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((done) =>
    child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done()),
  );

test('H12: the scan lists a leaked process carrying the marker (pid and command line), and not processes without it', () => {
  const marker = randomUUID();
  const marked = leak(30, { [TEST_RUN_VAR]: marker });
  const unmarked = leak(30, {});
  const otherRun = leak(30, { [TEST_RUN_VAR]: `${marker}-other` });
  const found = findMarkedProcesses(TEST_RUN_VAR, marker);
  expect(found).toEqual([{ pid: marked.pid, command: 'sleep 30' }]);
  const pids = found.map((p) => p.pid);
  expect(pids).not.toContain(unmarked.pid);
  expect(pids).not.toContain(otherRun.pid);
});

test('H12: the scan leaves out the excluded pids (the runner itself)', () => {
  const marker = randomUUID();
  const marked = leak(30, { [TEST_RUN_VAR]: marker });
  expect(findMarkedProcesses(TEST_RUN_VAR, marker, [marked.pid!])).toEqual([]);
});

test('H12: killProcesses ends what the scan found; a killed (zombie) process is no longer listed', async () => {
  const marker = randomUUID();
  const marked = leak(30, { [TEST_RUN_VAR]: marker });
  killProcesses(findMarkedProcesses(TEST_RUN_VAR, marker));
  await exited(marked);
  expect(marked.signalCode).toBe('SIGKILL');
  expect(findMarkedProcesses(TEST_RUN_VAR, marker)).toEqual([]);
});

test('H12: findLeftovers gives a process already on its way out the grace, and still lists one that stays', () => {
  const marker = randomUUID();
  const exiting = leak(0.3, { [TEST_RUN_VAR]: marker });
  expect(findMarkedProcesses(TEST_RUN_VAR, marker).map((p) => p.pid)).toEqual([exiting.pid]);
  // The scan blocks this thread, so nothing reaps it: it ends as a zombie, which is not listed.
  expect(findLeftovers(TEST_RUN_VAR, marker, 5_000)).toEqual([]);
  const staying = leak(30, { [TEST_RUN_VAR]: marker });
  expect(findLeftovers(TEST_RUN_VAR, marker, 200).map((p) => p.pid)).toEqual([staying.pid]);
});
