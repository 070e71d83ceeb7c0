/**
 * `npm run bench:plugins` (issue 14): a plugin call's time in headless Chromium, the app's
 * own path (module cache, decision point, a module worker per call, the WASI shim):
 * cold start (fetch + sha256 + compile + instantiate + run) and warm call (cached Module:
 * instantiate + run), median and p95 over N calls. tests/bench/plugins-bench.html is built
 * with Vite and served by its preview server with the production isolation headers.
 * Run: npx tsx scripts/bench-plugins.ts [--cold 20] [--warm 100]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const COLD = arg('cold', 20);
const WARM = arg('warm', 100);

const manifest = JSON.parse(readFileSync(resolve(ROOT, 'public/plugins/manifest.json'), 'utf8')) as {
  plugins: { name: string; sha256: string; bytes: number }[];
};
const wordCount = manifest.plugins.find((p) => p.name === 'word-count')!;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

// Built like the app (the worker bundled), not served by the dev server: a dev-served module
// worker fetches each of its modules on start, which would be most of a warm call.
const outDir = mkdtempSync(join(tmpdir(), 'arw-bench-plugins-'));
const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
await build({
  root: ROOT,
  configFile: false,
  logLevel: 'warn',
  base: '/',
  worker: { format: 'es' },
  build: { outDir, emptyOutDir: true, rollupOptions: { input: resolve(ROOT, 'tests/bench/plugins-bench.html') } },
});
const server = await preview({
  root: ROOT,
  configFile: false,
  logLevel: 'warn',
  build: { outDir },
  preview: { host: '127.0.0.1', port: 0, headers },
});
const address = server.httpServer.address();
const port = typeof address === 'object' && address ? address.port : 0;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--disable-quic'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`http://127.0.0.1:${port}/tests/bench/plugins-bench.html`);
  await page.waitForFunction(() => (globalThis as unknown as { benchReady?: boolean }).benchReady === true, undefined, {
    timeout: 120_000,
  });
  const isolated = await page.evaluate(
    () => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  );
  const result = await page.evaluate(
    ([sha256, cold, warm]) =>
      (
        globalThis as unknown as {
          runBench(sha256: string, cold: number, warm: number): Promise<{ cold: number[]; warm: number[] }>;
        }
      ).runBench(sha256, cold, warm),
    [wordCount.sha256, COLD, WARM] as const,
  );
  console.log(
    `plugin bench: word-count (${wordCount.bytes} bytes of wasm, fs:read over 3 files, allow mode), a worker per call, ` +
      `headless Chromium${isolated ? ', cross-origin isolated' : ''}`,
  );
  for (const [name, times] of [
    ['cold start (fetch + sha256 + compile + instantiate + run)', result.cold],
    ['warm call (cached Module: worker + instantiate + run)', result.warm],
  ] as const)
    console.log(
      `  ${name}: median ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))} over ${times.length} calls`,
    );
  console.log(`warm / cold (medians): ${(quantile(result.warm, 0.5) / quantile(result.cold, 0.5)).toFixed(2)}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
