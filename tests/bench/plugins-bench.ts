/**
 * The plugin bench's page (npm run bench:plugins): word-count over three project files
 * (fs:read in allow mode through the real decision point), each call in its own module
 * worker as the app runs it. Cold: a new module cache per call (fetch with no HTTP cache,
 * sha256, compile, then instantiate and run). Warm: one cache (the Module is posted to
 * each call's worker: instantiate and run only). Returns the milliseconds of each call.
 */
import { createEventFactory } from '../../core/journal';
import { createGatingPolicy } from '../../core/gating';
import { createDecisionPoint } from '../../core/policy/decision-point';
import { applyPolicyEvent, createPolicyState } from '../../core/policy/leases';
import { createModuleCache, webCryptoSha256 } from '../../app/plugins/module-cache';
import { createPluginExecutor } from '../../app/plugins/plugin-call';
import { createPluginRunner } from '../../app/plugins/plugin-runner';
import { MemoryDirectory } from '../../app/tools/testing/memory-directory';

const state = createPolicyState();
let n = 0;
const clock = { now: () => Date.now() };
const newId = () => `01JE${String(++n).padStart(22, '0')}`;
const point = createDecisionPoint({
  make: createEventFactory({ actor: 'device:bench', clock, newId }),
  emit: async (events) => {
    for (const event of events) applyPolicyEvent(state, event);
  },
  clock,
  newId,
  state: () => state,
  ask: () => Promise.reject(new Error('the bench never prompts')),
  by: 'device:bench',
});
const folder = new MemoryDirectory('bench');
const runner = createPluginRunner();
const cacheOf = () => createModuleCache({ fetch: (url) => fetch(url, { cache: 'no-store' }), sha256: webCryptoSha256 });

async function calls(sha256: string, count: number, cold: boolean): Promise<number[]> {
  const shared = cacheOf();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const run = createPluginExecutor(
      {
        cache: cold ? cacheOf() : shared,
        runner,
        authorize: (request, signal) => point.authorize(request, signal),
        folder: async () => folder,
        gating: createGatingPolicy(),
        fetch: (url) => fetch(url),
        isolated: () => crossOriginIsolated,
        writeFile: () => Promise.reject(new Error('read only')),
      },
      {
        id: 'text.word-count',
        plugin: {
          module: '/plugins/word-count.wasm',
          sha256,
          permissions: [{ capability: 'fs:read', scope: 'path://**', reason: 'bench' }],
        },
        subject: 'recipe:bench',
        mode: 'allow',
      },
    );
    const started = performance.now();
    const output = (await run({}, { projectId: 'bench' })) as { stdout: { total: number } };
    times.push(performance.now() - started);
    if (output.stdout.total !== 9) throw new Error(`word-count counted ${output.stdout.total}, not 9`);
  }
  return times;
}

async function runBench(sha256: string, cold: number, warm: number) {
  await folder.put('a.md', 'one two three');
  await folder.put('notes/b.md', 'four five six');
  await folder.put('notes/c.md', 'seven eight nine');
  // One warm-up call each, so the first cold sample does not also pay for the page's first worker.
  await calls(sha256, 1, true);
  return { cold: await calls(sha256, cold, true), warm: await calls(sha256, warm, false) };
}

Object.assign(window, { runBench, benchReady: true });
