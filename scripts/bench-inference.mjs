/**
 * `npm run bench:inference` (issue 5): characters/s of the shipped tiny model through
 * the app's worker path vs onnxruntime-web called directly in the page, same model, same
 * page, same run, alternating rounds (target ≥ 0.9×); then a bare worker running the direct loop
 * shows how much of any difference a worker costs by itself. A Vite dev server serves
 * tests/bench/inference-bench.html with the production isolation headers; headless
 * Debian chromium runs it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ROUNDS = Number(process.env.BENCH_INFERENCE_ROUNDS ?? 24);
const MAX_TOKENS = Number(process.env.BENCH_INFERENCE_TOKENS ?? 60);
const TARGET = 0.9;

const server = await createServer({
  root: ROOT,
  configFile: false,
  logLevel: 'warn',
  cacheDir: resolve(ROOT, 'node_modules/.vite-bench-inference'),
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    port: 0,
    hmr: false,
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    entries: ['tests/bench/inference-bench.html'],
    include: ['comlink', 'zod'],
  },
});
await server.listen();
const { port } = server.httpServer.address();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--disable-quic'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`http://127.0.0.1:${port}/tests/bench/inference-bench.html`);
  await page.waitForFunction(() => window.benchReady === true, undefined, { timeout: 60_000 });
  const isolated = await page.evaluate(() => crossOriginIsolated);
  const [results, bare] = await page.evaluate(
    ([rounds, maxTokens]) => window.runBench(rounds, maxTokens),
    [ROUNDS, MAX_TOKENS],
  );
  console.log(
    `tiny model, WASM${isolated ? ' (cross-origin isolated, threads)' : ''}: ${ROUNDS} rounds of 1,500 model steps per path (replies of up to ${MAX_TOKENS} words)`,
  );
  for (const [i, r] of results.entries()) {
    console.log(
      `  round ${i + 1}: worker path ${r.worker.toFixed(0)} chars/s, direct ${r.direct.toFixed(0)} chars/s, ratio ${(r.worker / r.direct).toFixed(2)}`,
    );
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  // Each round compares the two paths back to back, so the median of the per-round ratios
  // cancels the machine's drift (rounds vary up to 2× on a shared 2-core machine, for both
  // paths alike); the ratio of each path's median speed is printed next to it.
  const ratio = median(results.map((r) => r.worker / r.direct));
  const worker = median(results.map((r) => r.worker));
  const direct = median(results.map((r) => r.direct));
  const bareRatio = median(bare.map((r) => r.worker / r.direct));
  console.log(
    `median chars/s: worker path ${worker.toFixed(0)}, direct ${direct.toFixed(0)} (ratio of the medians ${(worker / direct).toFixed(2)})`,
  );
  console.log(
    `diagnosis: the same direct loop in a bare worker (no app code) / in the page: ${bareRatio.toFixed(2)} (${bare.length} rounds)`,
  );
  console.log(
    `worker path / direct onnxruntime-web (median of paired rounds): ${ratio.toFixed(2)}  target ≥ ${TARGET}: ${ratio >= TARGET ? 'PASS' : 'MISS'}`,
  );
} finally {
  await browser.close();
  await server.close();
}
