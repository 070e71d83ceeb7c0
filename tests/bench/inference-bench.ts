/**
 * Page side of `npm run bench:inference`: the shipped tiny model generating the same
 * number of characters (a) through the app's worker path (Comlink → inference worker →
 * onnxruntime-web adapter, tokens streamed back) and (b) with onnxruntime-web called
 * directly in this page (same model, same sampling, same runtime settings).
 */
import * as ort from 'onnxruntime-web';
import { startInferenceWorker } from '../../app/worker-clients/inference-client';
import { ONNX_INPUT, ONNX_LOGITS } from '../../core/inference/char-model-onnx';
import { contextWindow, createCharVocab } from '../../core/inference/char-vocab';
import { createRandom } from '../../core/inference/random';
import { sampleIndex } from '../../core/inference/sampling';

interface Meta {
  file: string;
  context: number;
  chars: string[];
}

const PROMPT = 'The agent records every event in the journal. ';

async function directSession(): Promise<{ run: (steps: number) => Promise<number> }> {
  const meta = (await (await fetch('/models/arw-tiny-char.json')).json()) as Meta;
  const bytes = new Uint8Array(await (await fetch(`/models/${meta.file}`)).arrayBuffer());
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(2, navigator.hardwareConcurrency || 1) : 1;
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', extra: { session: { intra_op: { allow_spinning: '0' } } } });
  const vocab = createCharVocab(meta.chars);
  const random = createRandom(1);
  return {
    async run(steps) {
      const ids = vocab.encode(PROMPT);
      const pad = vocab.id(' ');
      const started = performance.now();
      for (let i = 0; i < steps; i++) {
        const window = contextWindow(ids, meta.context, pad);
        const input = new ort.Tensor('int64', BigInt64Array.from(window.map((id) => BigInt(id))), [1, window.length]);
        const out = await session.run({ [ONNX_INPUT]: input }, [ONNX_LOGITS]);
        const next = sampleIndex(out[ONNX_LOGITS]!.data as Float32Array, { temperature: 0.7, topK: 12 }, random);
        ids.push(vocab.chars[next] === '\n' ? pad : next);
      }
      return (steps * 1000) / (performance.now() - started);
    },
  };
}

/**
 * Runs `rounds` rounds; in each, the worker path generates replies until it has taken at
 * least `steps` model steps, then the direct path takes exactly as many steps (the order
 * alternates between rounds so drift on a busy machine hits both alike). Returns the
 * characters/s of each path per round.
 */
async function runBench(rounds: number, maxTokens: number, steps = 1500): Promise<{ worker: number; direct: number; chars: number }[]> {
  const { client } = startInferenceWorker();
  await client.load({ id: 'arw-tiny-char' });
  const direct = await directSession();
  const workerBlock = async () => {
    let taken = 0;
    const started = performance.now();
    while (taken < steps) {
      const result = await client.generate([{ role: 'user', content: PROMPT }], { maxTokens }, () => undefined);
      taken += Math.max(1, result.steps ?? result.text.length);
    }
    return { taken, rate: (taken * 1000) / (performance.now() - started) };
  };
  // Warm both paths (JIT, WASM threads, the worker's code) with a block each before measuring.
  await workerBlock();
  await direct.run(steps);
  const results = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const worker = await workerBlock();
      results.push({ worker: worker.rate, direct: await direct.run(worker.taken), chars: worker.taken });
    } else {
      const directRate = await direct.run(steps);
      const worker = await workerBlock();
      results.push({ worker: worker.rate, direct: directRate, chars: worker.taken });
    }
  }
  return results;
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
(window as unknown as { benchReady: boolean }).benchReady = true;
