/**
 * The export half of the browser bench (issue 13: "a 1M-event journal exports without
 * loading it into memory"): a real vault export through `arw.vault.exportTo` into a sink
 * in the page that counts the bytes and keeps none (a Blob of 1M events would itself be
 * the memory we look for), while the used JS heap of the page and of the vault worker
 * is read over CDP every 100 ms. The worker is a child target of the page: we attach to
 * it in non-flat mode (messages wrapped in Target.sendMessageToTarget), because
 * Playwright's CDP session cannot address a flat child session.
 */
import type { CDPSession, Page } from 'playwright-core';
import { VAULT_JOURNAL_PART } from '../../spec/vault';
import { fmtMb, fmtMs } from './format';
import { sampleHeap, type HeapPeak, type HeapReadings, type HeapTarget } from './heap-sampler';

export interface ExportResult {
  /** Wall time of `exportTo` in the page, the worker's start included. */
  ms: number;
  bytes: number;
  chunks: number;
  /** Events in the file's journal part (its manifest's `items`). */
  events: number;
  /** The page's used heap after a forced GC, just before the export. */
  pageHeapBefore: number;
  /** Every reading of the page's used heap (every 100 ms), and those right after a forced GC (every 500 ms). */
  pageHeap: HeapReadings;
  /** The same for the vault worker (from its start: it starts on the first export). */
  workerHeap: HeapReadings;
  /** Why the export failed, when it did (the rest of the row still counts). */
  error?: string;
}

export const SAMPLE_MS = 100;
/**
 * A forced GC before every 5th reading (500 ms): often enough that the 10k export (about
 * a second) has readings after GC while it runs, not only after it ended.
 */
export const COLLECT_EVERY = 5;
const PROGRESS_LOG_MS = 15_000;
const REPLY_TIMEOUT_MS = 5_000;

interface ExportInPage {
  ms: number;
  bytes: number;
  chunks: number;
  parts: { name: string; items?: number }[];
}
interface Progress {
  phase: string;
  done: number;
  total: number;
}
/** The page globals the export touches (the scripts project has no DOM lib). */
interface ExportGlobals {
  arw?: {
    vault: {
      exportTo(
        sink: (bytes: Uint8Array) => void,
        options: { onProgress: (progress: Progress) => void },
      ): Promise<{ parts: { name: string; items?: number }[] }>;
    };
  };
  benchExportProgress?: Progress;
}

/** Runs in the page: one export into a sink that counts and drops every chunk. Self-contained. */
async function exportInPage(): Promise<ExportInPage> {
  const globals = globalThis as unknown as ExportGlobals;
  let bytes = 0;
  let chunks = 0;
  const started = performance.now();
  const manifest = await globals.arw!.vault.exportTo(
    (chunk) => {
      bytes += chunk.length;
      chunks += 1;
    },
    { onProgress: (progress) => void (globals.benchExportProgress = progress) },
  );
  return { ms: performance.now() - started, bytes, chunks, parts: manifest.parts };
}

/** The page's dedicated workers as CDP child sessions, and one call into them. */
async function watchWorkers(cdp: CDPSession) {
  const workers = new Map<string, string>(); // sessionId → url
  const replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  let nextId = 1;
  const attached = (event: { sessionId: string; targetInfo: { type: string; url: string } }) => {
    if (event.targetInfo.type === 'worker') workers.set(event.sessionId, event.targetInfo.url);
  };
  const detached = (event: { sessionId: string }) => void workers.delete(event.sessionId);
  const received = (event: { message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) replies.get(message.id)?.(message);
  };
  cdp.on('Target.attachedToTarget', attached);
  cdp.on('Target.detachedFromTarget', detached);
  cdp.on('Target.receivedMessageFromTarget', received);
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const call = async <T>(sessionId: string, method: string): Promise<T> => {
    const id = nextId++;
    const reply = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer from the worker`)), REPLY_TIMEOUT_MS);
      replies.set(id, (message) => {
        clearTimeout(timer);
        replies.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result as T);
      });
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    return reply;
  };
  return {
    /** The heap of the first worker whose script URL has `name` in it; no readings while there is none. */
    heapOf(name: string): HeapTarget {
      const session = () => [...workers].find(([, url]) => url.includes(name))?.[0];
      return {
        async usage() {
          const sessionId = session();
          if (sessionId === undefined) return undefined;
          return (await call<{ usedSize: number }>(sessionId, 'Runtime.getHeapUsage')).usedSize;
        },
        async collect() {
          const sessionId = session();
          if (sessionId !== undefined) await call(sessionId, 'HeapProfiler.collectGarbage');
        },
      };
    },
    async dispose() {
      cdp.off('Target.attachedToTarget', attached);
      cdp.off('Target.detachedFromTarget', detached);
      cdp.off('Target.receivedMessageFromTarget', received);
      await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false }).catch(() => {});
    },
  };
}

/** Exports the page's whole hub once, measuring time, bytes and both heaps' peaks. */
export async function measureExport(
  page: Page,
  cdp: CDPSession,
  events: number,
  log: (line: string) => void,
): Promise<ExportResult> {
  // Twice, like the start's heap reading: one GC left up to 10 MB more now and then.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const pageHeapBefore = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const workers = await watchWorkers(cdp);
  const pageTarget: HeapTarget = {
    usage: async () => (await cdp.send('Runtime.getHeapUsage')).usedSize,
    collect: async () => void (await cdp.send('HeapProfiler.collectGarbage')),
  };
  const pageSampler = sampleHeap(pageTarget, SAMPLE_MS, COLLECT_EVERY);
  const workerSampler = sampleHeap(workers.heapOf('vault.worker'), SAMPLE_MS, COLLECT_EVERY);
  const progressLog = setInterval(() => {
    void page
      .evaluate(() => (globalThis as unknown as ExportGlobals).benchExportProgress)
      .then((progress) => progress && log(`    export: ${progress.phase} ${progress.done}/${progress.total}`))
      .catch(() => undefined);
  }, PROGRESS_LOG_MS);
  const minutes = events >= 1_000_000 ? ' (a minute or two at 1M events, ~8,000 events/s on 2 cores)' : '';
  log(`  exporting the vault through arw.vault.exportTo into a counting sink${minutes}…`);
  let result: ExportInPage | undefined;
  let error: string | undefined;
  try {
    // Sent as source text with tsx's `__name` stubbed (it names functions in object literals).
    result = (await page.evaluate(
      `(() => { const __name = (target) => target; return (${exportInPage.toString()})(); })()`,
    )) as ExportInPage;
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  } finally {
    clearInterval(progressLog);
  }
  const pageHeap = await pageSampler.stop();
  const workerHeap = await workerSampler.stop();
  await workers.dispose();
  const exported: ExportResult = {
    ms: result?.ms ?? NaN,
    bytes: result?.bytes ?? 0,
    chunks: result?.chunks ?? 0,
    events: result?.parts.find((part) => part.name === VAULT_JOURNAL_PART)?.items ?? 0,
    pageHeapBefore,
    pageHeap,
    workerHeap,
    ...(error !== undefined ? { error } : {}),
  };
  if (error === undefined && exported.events < events)
    exported.error = `the vault's journal holds ${exported.events} events, expected ${events} or more`;
  log(`  ${exportLine(exported)}`);
  return exported;
}

/** A peak in MB, or "not seen" when there was no reading. */
export const fmtPeak = (heap: HeapPeak | undefined) => (heap ? fmtMb(heap.peak) : 'not seen');

/** `export 1.2 s, 3.4 MB in 4 chunks; peak heap page 20.1 MB (12.0 MB after GC, 11.0 MB before), worker …`. */
export function exportLine(row: ExportResult): string {
  if (row.error !== undefined) return `export failed: ${row.error}`;
  return `export ${fmtMs(row.ms)}, ${fmtMb(row.bytes)} in ${row.chunks} chunks; peak heap page ${fmtPeak(row.pageHeap.all)} (${fmtPeak(row.pageHeap.live)} after GC, ${fmtMb(row.pageHeapBefore)} before), worker ${fmtPeak(row.workerHeap.all)} (${fmtPeak(row.workerHeap.live)} after GC)`;
}
