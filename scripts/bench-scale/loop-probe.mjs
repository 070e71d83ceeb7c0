/**
 * Preloaded into the server process by the scale bench (`node --import`): a 5 ms timer
 * that notes, on stderr, every gap between its ticks longer than 20 ms, i.e. each time
 * the event loop did not come back in time, with the CPU time the main thread used in
 * that gap (from /proc, 10 ms resolution). On a loaded machine a long gap with little
 * CPU is the process waiting for a core, not code that blocks. Lines:
 * `[loop-probe] stall <ms> cpu <ms> end <epoch ms>`. Not production code: it only watches.
 */
import { readFileSync } from 'node:fs';

const statPath = `/proc/self/task/${process.pid}/stat`;
/** utime + stime of the main thread in ms (fields 14 and 15, after the command name). */
function mainThreadCpuMs() {
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
  if (gap > 20) process.stderr.write(`[loop-probe] stall ${gap.toFixed(1)} cpu ${cpu - lastCpu} end ${Date.now()}\n`);
  last = now;
  lastCpu = cpu;
}, 5);
timer.unref();
