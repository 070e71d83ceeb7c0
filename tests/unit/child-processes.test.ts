/**
 * H12: tests/support/child-processes.ts kills a child's whole process group: the
 * grandchild a wrapper starts, one that ignores SIGTERM (after the grace), and every
 * remembered child on killAll().
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { groupMembers, killAll, killGroup, spawnChild } from '../support/child-processes';

afterAll(() => killAll('SIGKILL'));

/** `sh -c '<prefix> sleep 30 & echo $!; wait'`; resolves once it printed the sleep's pid. */
function wrapper(prefix = ''): Promise<{ child: ChildProcess; grandchild: number }> {
  const child = spawnChild('sh', ['-c', `${prefix} sleep 30 & echo $!; wait`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done) =>
    child.stdout!.once('data', (chunk: Buffer) => done({ child, grandchild: Number(chunk.toString().trim()) })),
  );
}

/** Read from /proc, not through the helper: running unless gone or a zombie. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

test('H12: killGroup ends the grandchild a wrapper started, not only the wrapper', async () => {
  const { child, grandchild } = await wrapper();
  expect(running(grandchild)).toBe(true);
  expect(groupMembers(child.pid!).sort()).toEqual([child.pid, grandchild].sort());
  await killGroup(child, 'SIGKILL');
  expect(child.signalCode).toBe('SIGKILL');
  expect(running(grandchild)).toBe(false);
});

test('H12: killGroup escalates to SIGKILL when the group ignores SIGTERM past the grace', async () => {
  // An ignored SIGTERM is inherited by the sleep too.
  const { child, grandchild } = await wrapper("trap '' TERM;");
  const t0 = Date.now();
  await killGroup(child, 'SIGTERM', 300);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  expect(child.signalCode).toBe('SIGKILL');
  expect(running(grandchild)).toBe(false);
});

test('H12: killAll ends every remembered child and its group', async () => {
  const spawned = await Promise.all([wrapper(), wrapper()]);
  await killAll('SIGTERM', 2_000);
  for (const { child, grandchild } of spawned) {
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    expect(running(grandchild)).toBe(false);
  }
});
