/**
 * Page side of `npm run bench:inference`: the shipped tiny model taking the same number
 * of model steps (a) through the app's worker path (inference client → inference worker
 * → engine pool → onnxruntime-web adapter, tokens streamed back), (b) with
 * onnxruntime-web called directly in this page (the baseline), and (c) the same
 * direct loop in a bare worker (what running in any worker costs, with no app code).
 */
import { startInferenceWorker } from '../../app/worker-clients/inference-client';
import { BENCH_PROMPT, openDirectSession } from './direct-onnx';

const PROMPT = BENCH_PROMPT;

/** The direct loop in a bare module worker; `run(steps)` returns characters/s. */
async function bareWorker(): Promise<{ run: (steps: number) => Promise<number> }> {
  const worker = new Worker(new URL('./bare-worker.ts', import.meta.url), { type: 'module' });
  const run = (steps: number) =>
    new Promise<number>((resolve) => {
      worker.onmessage = (event: MessageEvent<number>) => resolve(event.data);
      worker.postMessage(steps);
    });
  return { run };
}

/**
 * Phase 1 (the target): `rounds` rounds in which the app's worker path generates replies
 * until it has taken at least `steps` model steps and the page's direct loop takes as
 * many, in alternating order. Phase 2 (diagnosis): the app's worker is terminated and a
 * bare worker running the direct loop is compared with the page the same way, so only
 * two onnxruntime-web instances are ever alive at once. Returns characters/s per round.
 */
async function runBench(
  rounds: number,
  maxTokens: number,
  steps = 1500,
): Promise<{ worker: number; direct: number; chars: number }[][]> {
  const app = startInferenceWorker();
  await app.client.load({ id: 'arw-tiny-char' });
  const direct = await openDirectSession();
  const workerPath = async (): Promise<number> => {
    let taken = 0;
    const started = performance.now();
    while (taken < steps) {
      const result = await app.client.generate([{ role: 'user', content: PROMPT }], { maxTokens }, () => undefined);
      taken += Math.max(1, result.steps ?? result.text.length);
    }
    return (taken * 1000) / (performance.now() - started);
  };
  const compare = async (worker: () => Promise<number>, count: number) => {
    // Warm both (JIT, WASM threads, the worker's code) with a block each before measuring.
    await worker();
    await direct.run(steps);
    const results = [];
    for (let round = 0; round < count; round++) {
      if (round % 2 === 0) {
        const rate = await worker();
        results.push({ worker: rate, direct: await direct.run(steps), chars: steps });
      } else {
        const directRate = await direct.run(steps);
        results.push({ worker: await worker(), direct: directRate, chars: steps });
      }
    }
    return results;
  };
  const target = await compare(workerPath, rounds);
  app.terminate();
  const bare = await bareWorker();
  const diagnosis = await compare(() => bare.run(steps), Math.max(4, rounds >> 1));
  return [target, diagnosis];
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
(window as unknown as { benchReady: boolean }).benchReady = true;
