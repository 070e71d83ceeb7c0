/**
 * Preloaded into the server process by the scale bench (`node --import`): a 5 ms timer
 * that notes, on stderr, every gap between its ticks longer than 20 ms, i.e. each time
 * the event loop did not come back in time, with the CPU time the main thread used in
 * that gap (from /proc: schedstat's nanoseconds where the kernel keeps them, else
 * stat's 10 ms ticks). On a loaded machine a long gap with little
 * CPU is the process waiting for a core, not code that blocks. Lines:
 * `[loop-probe] stall <ms> cpu <ms> end <epoch ms>`. Not production code: it only watches.
 */
import { readFileSync } from 'node:fs';

const statPath = `/proc/self/task/${process.pid}/stat`;
const schedPath = `/proc/self/task/${process.pid}/schedstat`;
/** CPU time of the main thread in ms: schedstat's first field (ns on CPU), else utime + stime. */
function mainThreadCpuMs() {
  try {
    return Number(readFileSync(schedPath, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    // No schedstat (a kernel without CONFIG_SCHEDSTATS): fall back to stat's ticks.
  }
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

let last = performance.now();
let lastCpu = mainThreadCpuMs();
const timer = setInterval(() => {
  const now = performance.now();
  const cpu = mainThreadCpuMs();
  const gap = now - last - 5;
  if (gap > 20)
    process.stderr.write(`[loop-probe] stall ${gap.toFixed(1)} cpu ${(cpu - lastCpu).toFixed(1)} end ${Date.now()}\n`);
  last = now;
  lastCpu = cpu;
}, 5);
timer.unref();
