/**
 * The browser half of the scale bench: for each journal size, a fresh Debian chromium
 * profile on the built app (served by the real sync server) gets N bench events written
 * straight into its IndexedDB journal, then the app starts once (its first start may
 * write snapshots), then K reloads are timed: navigation start → `arw.stream.phase()`
 * is 'ready', and the page's JS heap after a forced GC (CDP). Last, one vault export
 * (./export.ts) with the peak heaps of the page and the vault worker.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { generateEvents, type GenerateConfig } from './events';
import { measureExport, type ExportResult } from './export';
import { fmtCount, fmtMb, fmtMs } from './format';
import { removeDir, tempDir } from './processes';

export interface BrowserRow {
  events: number;
  seedMs: number;
  firstStartMs: number;
  startMs: number[];
  /**
   * The renderer main thread's CPU time from navigation to ready (CDP Performance
   * ThreadTime in thread ticks): the start's own cost, which a loaded machine inflates
   * far less than wall time.
   */
  startCpuMs: number[];
  heapBytes: number[];
  /** Events in the journal after seeding (the app's own plus the bench's). */
  stored: number;
  /** How each measured start went (`arw.stream.start()`), when the app tells. */
  starts: (StreamStart | undefined)[];
  /** A vault export after the starts (./export.ts): time, bytes, peak heaps. */
  export: ExportResult;
}

export { fmtCount, fmtMb, fmtMs };

/** `arw.stream.start()`: from the snapshot or a journal scan, and how many events were folded. */
export interface StreamStart {
  from: string;
  folded: number;
  reason?: string;
}

export interface BrowserOptions {
  appUrl: string;
  config: GenerateConfig;
  reloads: number;
  log: (line: string) => void;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * The few page globals this file touches, typed here: the scripts project has no DOM
 * lib, and the app's own types would pull in all of it.
 */
interface PageRequest<T> {
  result: T;
  error: unknown;
  transaction: { abort(): void } | null;
  onupgradeneeded: (() => void) | null;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface PageTransaction {
  error: unknown;
  objectStore(name: string): { add(row: unknown): unknown };
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}
interface PageDatabase {
  transaction(store: string, mode: 'readwrite', options: { durability: 'relaxed' }): PageTransaction;
  close(): void;
}
interface PageGlobals {
  indexedDB: { open(name: string): PageRequest<PageDatabase> };
  navigator: { storage: { estimate(): Promise<{ usage?: number }> } };
  requestIdleCallback(callback: () => void, options: { timeout: number }): number;
  arw?: {
    stream: { phase(): string; loadError(): unknown; start?: () => StreamStart | undefined };
    journal: { count(): Promise<number> };
  };
}
const EVENTS_PER_CALL = 100_000;
const EVENTS_PER_TRANSACTION = 25_000;
/** A start at 1M events took 14–18 s when the issue was filed; leave room on a loaded machine. */
const START_TIMEOUT_MS = 10 * 60_000;

interface SeedArgs {
  config: GenerateConfig;
  from: number;
  count: number;
  perTransaction: number;
}

/**
 * Runs in the page: writes events `from…from+count-1` into the app's journal database
 * (`arw-journal`, store `events`, key `++seq`) in big relaxed-durability transactions,
 * the same rows Dexie's bulkAdd writes. Self-contained: it is sent as source text.
 */
async function seedInPage(generate: typeof generateEvents, args: SeedArgs): Promise<{ written: number; ms: number }> {
  const started = performance.now();
  const db = await new Promise<PageDatabase>((resolve, reject) => {
    const request = (globalThis as unknown as PageGlobals).indexedDB.open('arw-journal');
    // No version given: opens whatever the app created. Creating it here would be wrong.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`cannot open arw-journal: ${String(request.error)}`));
  });
  let written = 0;
  try {
    for (let from = args.from; from < args.from + args.count; from += args.perTransaction) {
      const rows = generate(args.config, from, Math.min(args.perTransaction, args.from + args.count - from));
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('events', 'readwrite', { durability: 'relaxed' });
        const store = tx.objectStore('events');
        for (const row of rows) store.add(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error(`seeding failed at event ${from}: ${String(tx.error)}`));
        tx.onabort = () => reject(new Error(`seeding aborted at event ${from}: ${String(tx.error)}`));
      });
      written += rows.length;
    }
  } finally {
    db.close();
  }
  return { written, ms: performance.now() - started };
}

/** The page expression that runs `seedInPage` with the generator (both as source, tsx's `__name` stubbed). */
function seedExpression(args: SeedArgs): string {
  return `(() => {
    const __name = (target) => target;
    const generate = (${generateEvents.toString()});
    const seed = (${seedInPage.toString()});
    return seed(generate, ${JSON.stringify(args)});
  })()`;
}

/** Resolves with performance.now() (ms since navigation start) once the stream is ready. */
async function waitReady(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const phase = (globalThis as unknown as PageGlobals).arw?.stream.phase();
      if (phase === 'failed') return -1;
      return phase === 'ready' ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: START_TIMEOUT_MS },
  );
  const at = (await handle.jsonValue()) as number;
  await handle.dispose();
  if (at < 0) {
    const why = await page.evaluate(() => String((globalThis as unknown as PageGlobals).arw?.stream.loadError()));
    throw new Error(`the app's stream failed to load: ${why}`);
  }
  return at;
}

/**
 * Lets the page finish what it loads right after the stream is ready (lazy chunks of the
 * first view, its first renders): the heap measured mid-load varied by 2× between reloads.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        (globalThis as unknown as PageGlobals).requestIdleCallback(() => resolve(), { timeout: 2_000 }),
      ),
  );
}

/** Main-thread CPU ms of the current document so far (Chromium resets the metric per navigation). */
async function threadTimeMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

/** Used JS heap of the page's main isolate after a full GC. */
async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize;
}

/**
 * Waits until the origin's storage use has not changed for `quietMs`: the first start's
 * background work (a snapshot, caches) is done. The app exposes no "snapshot written"
 * signal yet, so storage quiet is the proof that nothing is being written.
 */
async function storageQuiet(page: Page, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const usage = await page.evaluate(
      async () => (await (globalThis as unknown as PageGlobals).navigator.storage.estimate()).usage ?? 0,
    );
    if (usage !== last) {
      last = usage;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    await new Promise((tick) => setTimeout(tick, 250));
  }
}

async function launch(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
}

async function measureSize(events: number, options: BrowserOptions): Promise<BrowserRow> {
  const { log } = options;
  const profileDir = tempDir('arw-scale-profile-');
  const context = await launch(profileDir);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => log(`  page error: ${error.message}`));
    // The app creates its journal database (the exact Dexie schema) on its first open.
    await page.goto(`${options.appUrl}/`);
    await waitReady(page);
    const before = await page.evaluate(() => (globalThis as unknown as PageGlobals).arw!.journal.count());
    let seedMs = 0;
    for (let from = 0; from < events; from += EVENTS_PER_CALL) {
      const count = Math.min(EVENTS_PER_CALL, events - from);
      const args = { config: options.config, from, count, perTransaction: EVENTS_PER_TRANSACTION };
      const result = (await page.evaluate(seedExpression(args))) as { written: number; ms: number };
      seedMs += result.ms;
      if (events > EVENTS_PER_CALL) log(`  seeded ${(from + count).toLocaleString('en-US')} of ${fmtCount(events)}`);
    }
    // First start on the seeded journal: not measured, it may write snapshots.
    await page.reload({ waitUntil: 'commit' });
    const firstStartMs = await waitReady(page);
    const stored = await page.evaluate(() => (globalThis as unknown as PageGlobals).arw!.journal.count());
    // The app may add its own events meanwhile (health, device facts): at least ours must be there.
    if (stored < before + events)
      throw new Error(`the journal holds ${stored} events, expected ${before + events} or more`);
    await storageQuiet(page, 2_000, 120_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const startMs: number[] = [];
    const startCpuMs: number[] = [];
    const heapBytes: number[] = [];
    const starts: (StreamStart | undefined)[] = [];
    for (let round = 0; round < options.reloads; round++) {
      await page.reload({ waitUntil: 'commit' });
      startMs.push(await waitReady(page));
      startCpuMs.push(await threadTimeMs(cdp));
      await settle(page);
      heapBytes.push(await heapAfterGc(cdp));
      const start = await page.evaluate(() => (globalThis as unknown as PageGlobals).arw!.stream.start?.());
      starts.push(start);
      const how = start
        ? ` (from ${start.from}, ${start.folded} folded${start.reason ? `: ${start.reason}` : ''})`
        : '';
      log(
        `  ${fmtCount(events)} events, reload ${round + 1}/${options.reloads}: ready after ${fmtMs(startMs.at(-1)!)} (main thread ${fmtMs(startCpuMs.at(-1)!)} CPU), heap ${fmtMb(heapBytes.at(-1)!)}${how}`,
      );
    }
    const exported = await measureExport(page, cdp, stored, log);
    await cdp.detach();
    return { events, seedMs, firstStartMs, startMs, startCpuMs, heapBytes, stored, starts, export: exported };
  } finally {
    await context.close().catch(() => undefined);
    removeDir(profileDir);
  }
}

/** Measures every size in `sizes`, one fresh profile each. */
export async function benchBrowser(sizes: readonly number[], options: BrowserOptions): Promise<BrowserRow[]> {
  const rows: BrowserRow[] = [];
  for (const events of sizes) {
    options.log(`browser: ${fmtCount(events)} events`);
    rows.push(await measureSize(events, options));
  }
  return rows;
}
