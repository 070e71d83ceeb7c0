/**
 * The tiny model driven by onnxruntime-web directly, with no app code: load the shipped
 * files, then take `steps` model steps (same sampling as the adapter). The bench runs it
 * in the page (the baseline) and in a bare worker (what any worker costs).
 */
import * as ort from 'onnxruntime-web';
import { ONNX_INPUT, ONNX_LOGITS } from '../../core/inference/char-model-onnx';
import { contextWindow, createCharVocab } from '../../core/inference/char-vocab';
import { createRandom } from '../../core/inference/random';
import { sampleIndex } from '../../core/inference/sampling';

interface Meta {
  file: string;
  context: number;
  chars: string[];
}

export const BENCH_PROMPT = 'The agent records every event in the journal. ';

/** Opens the shipped model on WASM with the app's thread count; `run(steps)` returns characters/s. */
export async function openDirectSession(): Promise<{ run: (steps: number) => Promise<number> }> {
  const meta = (await (await fetch('/models/arw-tiny-char.json')).json()) as Meta;
  const bytes = new Uint8Array(await (await fetch(`/models/${meta.file}`)).arrayBuffer());
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(2, navigator.hardwareConcurrency || 1) : 1;
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  const vocab = createCharVocab(meta.chars);
  const random = createRandom(1);
  return {
    async run(steps) {
      const ids = vocab.encode(BENCH_PROMPT);
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
