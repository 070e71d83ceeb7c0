/**
 * `npm run bench:scale` (issue 13): does start-up grow with the journal?
 * Browser: the built app, served by the real sync server, in Debian chromium, on a
 * journal of 10k, 100k and 1M events: reload → stream ready, and JS heap; then one vault
 * export into a counting sink: time, bytes, peak heap of the page and the vault worker. Server: the
 * real entry over 10k and 1M stored events: time to /healthz, to the first
 * /state/episodes?project=p1, RSS, and the longest event-loop stall. Prints tables, the
 * 1M/10k ratios (target ≤ 1.5) and the stalls (target < 50 ms) with PASS/MISS, and
 * writes test-results/bench-scale.json. Exits non-zero only if something crashes.
 *
 * Run: npx tsx scripts/bench-scale.ts [--sizes=10k,100k,1M] [--reloads=3]
 *        [--only=browser|server] [--dist=<built dist dir>]
 * --sizes: journal sizes for the browser; the server uses the smallest and the largest
 * (`--sizes=10k,100k` is a quick check, ~3 minutes; the export at 1M adds about a minute). --dist: serve an existing build
 * instead of building the app into a temp dir first.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateEvent, describeIssues } from '../spec/validate';
import { benchBrowser, fmtCount, type BrowserRow } from './bench-scale/browser';
import { generateEvents, type GenerateConfig } from './bench-scale/events';
import { cleanup, installCleanup, spawnChild, stopChild, tempDir } from './bench-scale/processes';
import { printBrowser, printExport, printServer, verdictLine, type Verdict } from './bench-scale/report';
import { benchServer, getWhen200, ROOT, startServer, type ServerRow } from './bench-scale/server';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,100k,1M' },
    reloads: { type: 'string', default: '3' },
    only: { type: 'string' },
    dist: { type: 'string' },
  },
});

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new Error(`--sizes: "${text}" is not a size; use numbers like 10000, 10k or 1M`);
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Math.round(Number(match[1]) * scale);
}
const sizes = [...new Set(values.sizes.split(',').map(parseSize))].sort((a, b) => a - b);
const reloads = Number(values.reloads);
if (!Number.isInteger(reloads) || reloads < 1) throw new Error('--reloads must be a whole number ≥ 1');
if (values.only !== undefined && !['browser', 'server'].includes(values.only))
  throw new Error('--only must be browser or server');

const STEP_MS = 1000;
const log = (line: string) => console.log(line);
const runTag = Date.now()
  .toString(32)
  .toUpperCase()
  .replace(/[ILOU]/g, 'X')
  .slice(-6)
  .padStart(6, '0');

/** The journal of `events` ends a minute ago, one event a second, like a busy person's. */
const configFor = (events: number): GenerateConfig => ({
  t0: Date.now() - 60_000 - events * STEP_MS,
  stepMs: STEP_MS,
  actor: `device:${`01BENCHSCA0${runTag}`.padEnd(26, '0')}`,
  runTag,
});

/** The seed stays honest: a sample from the start, middle and end must pass spec's validation. */
function validateSample(events: number): void {
  const config = configFor(events);
  const ranges = [
    [0, 200],
    [Math.floor(events / 2), 100],
    [events - 100, 100],
  ] as const;
  let checked = 0;
  for (const [from, count] of ranges) {
    for (const [offset, event] of generateEvents(config, from, count).entries()) {
      const result = validateEvent(event);
      if (!result.ok) throw new Error(`bench event ${from + offset} is invalid: ${describeIssues(result.issues)}`);
      checked += 1;
    }
  }
  const sample = generateEvents(config, 0, 1000);
  const bytes = sample.reduce((sum, event) => sum + JSON.stringify(event).length, 0) / sample.length;
  log(`validated ${checked} sample events against spec/ (average event ~${Math.round(bytes)} bytes of JSON)`);
}

/** Builds the app into a temp dir (other work may rebuild ./dist meanwhile); returns the dir holding dist/. */
async function prepareDist(): Promise<string> {
  const cwd = tempDir('arw-scale-site-');
  if (values.dist !== undefined) {
    await symlink(resolve(values.dist), join(cwd, 'dist'));
    return cwd;
  }
  log('building the app (vite build) into a temp dir…');
  const started = Date.now();
  const child = spawnChild(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--logLevel', 'warn', '--outDir', join(cwd, 'dist'), '--emptyOutDir'],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  await stopChild(child);
  if (code !== 0) throw new Error(`vite build failed (exit ${code}); pass --dist=dist to use an existing build`);
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return cwd;
}

async function runBrowser(cwd: string): Promise<BrowserRow[]> {
  const dataDir = tempDir('arw-scale-app-data-');
  const server = await startServer(dataDir, cwd);
  try {
    await getWhen200(server, '/healthz');
    const rows: BrowserRow[] = [];
    for (const events of sizes) {
      const [row] = await benchBrowser([events], {
        appUrl: `http://localhost:${server.port}`,
        config: configFor(events),
        reloads,
        log,
      });
      rows.push(row!);
    }
    return rows;
  } finally {
    await stopChild(server.child);
  }
}

async function main(): Promise<void> {
  installCleanup();
  const started = Date.now();
  log(`scale bench: sizes ${sizes.map(fmtCount).join(', ')}, ${reloads} measured reloads per size`);
  validateSample(sizes.at(-1)!);
  const cwd = await prepareDist();
  const browser = values.only === 'server' ? [] : await runBrowser(cwd);
  const serverSizes = sizes.length > 1 ? [sizes[0]!, sizes.at(-1)!] : sizes;
  const server: ServerRow[] = values.only === 'browser' ? [] : await benchServer(serverSizes, cwd, { configFor, log });
  const verdicts: Verdict[] = [];
  if (browser.length > 0) verdicts.push(...printBrowser(browser, reloads), ...printExport(browser));
  if (server.length > 0) verdicts.push(...printServer(server));
  console.log('');
  for (const verdict of verdicts) console.log(verdictLine(verdict));
  const report = { date: new Date().toISOString(), sizes, reloads, browser, server, verdicts };
  await mkdir(join(ROOT, 'test-results'), { recursive: true });
  await writeFile(join(ROOT, 'test-results/bench-scale.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote test-results/bench-scale.json (${((Date.now() - started) / 60_000).toFixed(1)} min in all)`);
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  cleanup();
}
process.exit();
