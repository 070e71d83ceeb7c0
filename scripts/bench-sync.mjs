/**
 * `node scripts/bench-sync.mjs`: event replication events/s from one client to the
 * sync server with embedded storage (issue 3 target ≥ 5,000/s). Runs the TypeScript
 * bench through tsx, prints one line per configuration and the median, PASS/MISS.
 * BENCH_SYNC_EVENTS (default 20000) and BENCH_SYNC_REPEATS (default 3) tune it.
 */
import { tsImport } from 'tsx/esm/api';

const TARGET = 5000;
const EVENTS = Number(process.env.BENCH_SYNC_EVENTS ?? 20_000);
const REPEATS = Number(process.env.BENCH_SYNC_REPEATS ?? 3);
const CONFIGS = [
  { batch: 500, window: 4 },
  { batch: 100, window: 4 },
];

const { runReplicationBench } = await tsImport('../tests/bench/sync-replication.ts', import.meta.url);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

let headline = 0;
for (const config of CONFIGS) {
  const rates = [];
  for (let i = 0; i < REPEATS; i++) {
    const result = await runReplicationBench({ events: EVENTS, ...config });
    rates.push(result.eventsPerSecond);
  }
  const rate = median(rates);
  if (config === CONFIGS[0]) headline = rate;
  console.log(
    `event replication, batch ${config.batch}, ${config.window} in flight: ${fmt(rate)} events/s (median of ${REPEATS} × ${fmt(EVENTS)}; runs ${rates.map(fmt).join(', ')})`,
  );
}
console.log(
  `${headline >= TARGET ? 'PASS' : 'MISS'} event replication ${fmt(headline)} events/s (target ≥ ${fmt(TARGET)}/s)`,
);
