/**
 * Finds the processes a test run left behind: each process whose environment holds the
 * run's marker (`ARW_TEST_RUN=<id>`, set by scripts/test.mjs and inherited by all it
 * starts), read from /proc/<pid>/environ (Linux). Finding only reads; `killProcesses`
 * ends what was found.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The variable scripts/test.mjs sets to a fresh id before it starts anything. */
export const TEST_RUN_VAR = 'ARW_TEST_RUN';

/**
 * Live processes whose environment has `name=value` exactly, except `exclude` (default:
 * this process). Zombies have no environment left, so they are never listed.
 */
export function findMarkedProcesses(name, value, exclude = [process.pid]) {
  const entry = Buffer.from(`${name}=${value}`);
  const found = [];
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir) || exclude.includes(Number(dir))) continue;
    const environ = readProc(dir, 'environ');
    if (!environ || !hasEntry(environ, entry)) continue;
    const command = readProc(dir, 'cmdline')?.toString().replaceAll('\0', ' ').trim();
    found.push({ pid: Number(dir), command: command || '(command line unreadable)' });
  }
  return found;
}

/**
 * What is still marked after up to `graceMs`: a process already on its way out when a
 * step ends (esbuild's service, a vitest worker closing) gets that long to finish. Blocks
 * (the runner is synchronous); returns as soon as none is left.
 */
export function findLeftovers(name, value, graceMs = 2_000, exclude = [process.pid]) {
  const deadline = Date.now() + graceMs;
  let found = findMarkedProcesses(name, value, exclude);
  while (found.length > 0 && Date.now() < deadline) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    found = findMarkedProcesses(name, value, exclude);
  }
  return found;
}

/** SIGKILL to each listed process; one that is already gone is skipped. */
export function killProcesses(processes) {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone since it was listed
    }
  }
}

/** One `pid command` line per process, for the runner's report. */
export function describeProcesses(processes) {
  return processes.map(({ pid, command }) => `  ${pid}  ${command}`).join('\n');
}

// Another user's process, or one that exited while we looked: not ours to report.
function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`);
  } catch {
    return undefined;
  }
}

// environ is NUL-separated `NAME=value` entries; match one whole entry, not a prefix.
function hasEntry(environ, entry) {
  for (let at = environ.indexOf(entry); at !== -1; at = environ.indexOf(entry, at + 1)) {
    const startsEntry = at === 0 || environ[at - 1] === 0;
    const endsEntry = at + entry.length === environ.length || environ[at + entry.length] === 0;
    if (startsEntry && endsEntry) return true;
  }
  return false;
}
