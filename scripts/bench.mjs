/**
 * `npm run bench`: measures the browser journal in real Chromium, side by side with raw
 * IndexedDB. Starts a Vite dev server on the repo (serving tests/bench/), drives
 * headless Debian chromium through playwright-core, prints a table and PASS/MISS per
 * target, and writes test-results/bench.json. Exits non-zero only if something crashes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const EVENTS = 10_000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 4);
const TAIL_EVENTS = Number(process.env.BENCH_TAIL_EVENTS ?? 100_000);
const TAIL_CALLS = 60;
const TARGET_RATIO = 0.8;
const TARGET_TAIL_MS = 20;

/** Each project variant, compared with raw IndexedDB at the same batch size. */
const PAIRS = [
  { label: 'appendBatch ×100', variant: 'api-batch', batch: 100 },
  { label: 'appendBatch ×1000', variant: 'api-batch', batch: 1000 },
  { label: 'append, 100 per tick', variant: 'api-append', batch: 100 },
];
/** Not a target: Dexie bulkAdd alone, to split the gap into Dexie's share and the journal's. */
const DIAGNOSTIC = { label: '(Dexie bulkAdd ×100)', variant: 'dexie', batch: 100 };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pad = (text, width, right = false) => (right ? String(text).padStart(width) : String(text).padEnd(width));

async function startServer() {
  const server = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    cacheDir: join(ROOT, 'node_modules/.vite-bench'),
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    // Pre-bundle up front so the page is not reloaded mid-run by dependency discovery.
    optimizeDeps: { entries: ['tests/bench/journal-bench.html'], include: ['dexie', 'zod'] },
  });
  await server.listen();
  const { port } = server.httpServer.address();
  return { server, url: `http://127.0.0.1:${port}/tests/bench/journal-bench.html` };
}

/**
 * Runs every pair REPEATS times. Within a pair the API and raw runs alternate batch by
 * batch (fresh databases each); which one goes first flips every round.
 */
async function measureThroughput(page) {
  const rows = [];
  for (const spec of [...PAIRS, DIAGNOSTIC]) {
    const runs = [];
    for (let round = 0; round < REPEATS; round++) {
      const args = [spec.variant, spec.batch, EVENTS, round % 2 === 0];
      const run = await page.evaluate((a) => window.arwBench.pair(...a), args);
      runs.push(run);
      const ratio = run.apiEventsPerSec / run.rawEventsPerSec;
      const numbers = `${pad(fmt(run.apiEventsPerSec), 7, true)} vs raw ${pad(fmt(run.rawEventsPerSec), 7, true)} events/s`;
      console.log(`  ${pad(spec.label, 24)} round ${round + 1}/${REPEATS}: ${numbers} (${fmt(ratio, 2)})`);
    }
    rows.push({
      label: spec.label,
      variant: spec.variant,
      batch: spec.batch,
      diagnostic: spec === DIAGNOSTIC,
      apiEventsPerSec: median(runs.map((run) => run.apiEventsPerSec)),
      rawEventsPerSec: median(runs.map((run) => run.rawEventsPerSec)),
      // Median of the per-round ratios: each round's two numbers shared their conditions.
      ratio: median(runs.map((run) => run.apiEventsPerSec / run.rawEventsPerSec)),
      runs,
    });
  }
  await page.evaluate(() => window.arwBench.cleanup());
  const validateOnlyEventsPerSec = await page.evaluate((count) => window.arwBench.validateOnly(100, count), EVENTS);
  return { rows, validateOnlyEventsPerSec };
}

function printReport(report) {
  const { throughput, tail } = report;
  const cells = (label, api, raw, ratio, verdict) =>
    `${pad(label, 24)}${pad(api, 14, true)}${pad(raw, 14, true)}${pad(ratio, 8, true)}  ${verdict}`;
  console.log(
    `\nThroughput: ${fmt(EVENTS)} events of ~${fmt(report.eventBytes)} bytes, strict durability, median of ${REPEATS} paired rounds`,
  );
  console.log(cells('variant', 'project ev/s', 'raw IDB ev/s', 'ratio', `target ≥ ${TARGET_RATIO}`));
  for (const row of throughput.rows) {
    const verdict = row.diagnostic ? '(info)' : row.ratio >= TARGET_RATIO ? 'PASS' : 'MISS';
    console.log(cells(row.label, fmt(row.apiEventsPerSec), fmt(row.rawEventsPerSec), fmt(row.ratio, 2), verdict));
  }
  console.log(`${pad('(validation alone)', 24)}${pad(fmt(throughput.validateOnlyEventsPerSec), 14, true)}`);
  console.log(
    `\nReads at ${fmt(tail.events)} events (filled at ${fmt(tail.fillEventsPerSec)} events/s through appendBatch ×1000)`,
  );
  console.log(`${pad('read', 32)}${pad('median ms', 11, true)}${pad('p95 ms', 9, true)}${pad('calls', 7, true)}`);
  const line = (label, s) =>
    console.log(
      `${pad(label, 32)}${pad(fmt(s.medianMs, 2), 11, true)}${pad(fmt(s.p95Ms, 2), 9, true)}${pad(s.calls, 7, true)}`,
    );
  line('tail(100)', tail.tail100);
  for (const [label, s] of Object.entries(tail.queries)) line(label, s);
  const tailVerdict = tail.tail100.medianMs < TARGET_TAIL_MS ? 'PASS' : 'MISS';
  console.log(`tail(100) median < ${TARGET_TAIL_MS} ms: ${tailVerdict}`);
  const ratios = throughput.rows
    .filter((row) => !row.diagnostic)
    .map((row) => `${row.label} ${fmt(row.ratio, 2)}`)
    .join(', ');
  console.log(`\nratios project/raw: ${ratios}; tail(100) median ${fmt(tail.tail100.medianMs, 2)} ms`);
}

async function main() {
  const { server, url } = await startServer();
  // A persistent profile keeps IndexedDB on disk, so strict durability really flushes
  // (an incognito context would keep it in memory and hide the commit cost).
  const profile = await mkdtemp(join(tmpdir(), 'arw-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--disable-quic'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready', null, {
      timeout: 60_000,
    });
    const eventBytes = await page.evaluate(() => window.arwBench.averageEventBytes());
    console.log(
      `chromium ${context.browser()?.version() ?? ''} (profile on disk), ${EVENTS} events per run, ${REPEATS} rounds per pair`,
    );
    const throughput = await measureThroughput(page);
    console.log(`  filling ${fmt(TAIL_EVENTS)} events for the read test…`);
    page.setDefaultTimeout(600_000);
    const tail = await page.evaluate(
      ([total, calls]) => window.arwBench.tailLatency(total, 1000, calls),
      [TAIL_EVENTS, TAIL_CALLS],
    );
    const report = {
      date: new Date().toISOString(),
      chromium: context.browser()?.version() ?? null,
      eventBytes,
      events: EVENTS,
      repeats: REPEATS,
      throughput,
      tail,
      targets: {
        ratio: {
          target: TARGET_RATIO,
          pass: throughput.rows.every((row) => row.diagnostic || row.ratio >= TARGET_RATIO),
        },
        tail100MedianMs: { target: TARGET_TAIL_MS, pass: tail.tail100.medianMs < TARGET_TAIL_MS },
      },
    };
    printReport(report);
    await mkdir(join(ROOT, 'test-results'), { recursive: true });
    await writeFile(join(ROOT, 'test-results/bench.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('wrote test-results/bench.json');
  } finally {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
