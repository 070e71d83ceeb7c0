/**
 * Preloaded into the server process by the scale bench (`node --import`): a 5 ms timer
 * that notes, on stderr, every gap between its ticks longer than 20 ms, i.e. each time
 * the event loop was blocked. Lines: `[loop-probe] stall <ms> end <epoch ms>`. Not
 * production code: it only watches.
 */
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  const gap = now - last - 5;
  last = now;
  if (gap > 20) process.stderr.write(`[loop-probe] stall ${gap.toFixed(1)} end ${Date.now()}\n`);
}, 5);
timer.unref();
