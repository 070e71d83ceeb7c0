/**
 * The ONNX export is exact: a model written by core/inference/onnx-encoder.ts loads in
 * onnxruntime-web (WASM backend, in Node) and its logits and embeddings equal the
 * TypeScript forward pass; the shipped model loads and predicts the corpus far better
 * than uniform; a few training steps lower the loss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { forward, initWeights, type CharModelConfig } from './char-model';
import { ONNX_EMBEDDED, ONNX_INPUT, ONNX_LOGITS, charModelToOnnx } from './char-model-onnx';
import { adamStep, batchLoss, createAdam, createGrads, sampleBatch, zeroGrads } from './char-model-train';
import { charsOf, createCharVocab } from './char-vocab';
import { createRandom } from './random';

const ROOT = join(import.meta.dirname, '../..');
const CONFIG: CharModelConfig = { vocab: 11, context: 5, embed: 3, hidden: 7 };

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const feed = (contexts: number[][]) =>
  new ort.Tensor('int64', BigInt64Array.from(contexts.flat().map(BigInt)), [contexts.length, contexts[0]!.length]);

describe('ONNX export of the char model', () => {
  it('logits and embeddings from onnxruntime-web equal the TS forward pass (1e-4)', async () => {
    const weights = initWeights(CONFIG, createRandom(7));
    weights.b1.forEach((_, i) => (weights.b1[i] = 0.1 * i - 0.3));
    weights.b2.forEach((_, i) => (weights.b2[i] = 0.05 * i));
    const session = await ort.InferenceSession.create(charModelToOnnx(CONFIG, weights), {
      executionProviders: ['wasm'],
    });
    const random = createRandom(3);
    const contexts = Array.from({ length: 4 }, () =>
      Array.from({ length: CONFIG.context }, () => Math.floor(random() * CONFIG.vocab)),
    );
    const out = await session.run({ [ONNX_INPUT]: feed(contexts) });
    expect(out[ONNX_LOGITS]!.dims).toEqual([4, CONFIG.vocab]);
    expect(out[ONNX_EMBEDDED]!.dims).toEqual([4, CONFIG.context, CONFIG.embed]);
    const logits = out[ONNX_LOGITS]!.data as Float32Array;
    contexts.forEach((ids, b) => {
      const expected = forward(weights, CONFIG, ids);
      for (let j = 0; j < CONFIG.vocab; j += 1)
        expect(Math.abs(logits[b * CONFIG.vocab + j]! - expected[j]!)).toBeLessThan(1e-4);
    });
    const embedded = out[ONNX_EMBEDDED]!.data as Float32Array;
    expect(embedded[CONFIG.embed]).toBeCloseTo(weights.emb[contexts[0]![1]! * CONFIG.embed]!, 6);
    await session.release();
  });

  it('a short training run lowers the loss', () => {
    const text = 'the agent records the events of this episode. '.repeat(40);
    const vocab = createCharVocab(charsOf(text));
    const ids = Int32Array.from(vocab.encode(text));
    const config: CharModelConfig = { vocab: vocab.size, context: 8, embed: 4, hidden: 16 };
    const random = createRandom(11);
    const weights = initWeights(config, random);
    const adam = createAdam(weights);
    const grads = createGrads(weights);
    const probe = sampleBatch(ids, 0, ids.length, config.context, 128, random);
    const before = batchLoss(weights, config, probe);
    for (let step = 0; step < 60; step += 1) {
      zeroGrads(grads);
      batchLoss(weights, config, sampleBatch(ids, 0, ids.length, config.context, 32, random), grads);
      adamStep(weights, grads, adam, 1e-2);
    }
    expect(batchLoss(weights, config, probe)).toBeLessThan(before * 0.6);
  });
});

describe('the shipped model (public/models/arw-tiny-char.onnx)', () => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'public/models/arw-tiny-char.json'), 'utf8')) as CharModelConfig & {
    chars: string[];
    bytes: number;
  };
  const bytes = readFileSync(join(ROOT, 'public/models/arw-tiny-char.onnx'));

  it('is a few MB at most and matches its config json', () => {
    expect(bytes.length).toBe(meta.bytes);
    expect(bytes.length).toBeLessThan(4 * 1024 * 1024);
    expect(meta.chars).toHaveLength(meta.vocab);
  });

  it('predicts the corpus far better than uniform', async () => {
    const session = await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'] });
    const vocab = createCharVocab(meta.chars);
    const text = readFileSync(join(ROOT, 'scripts/corpus/arw-corpus.txt'), 'utf8');
    const ids = vocab.encode(text.slice(-20_000));
    const contexts: number[][] = [];
    const targets: number[] = [];
    for (let start = 0; start + meta.context < ids.length && contexts.length < 256; start += 61) {
      contexts.push(ids.slice(start, start + meta.context));
      targets.push(ids[start + meta.context]!);
    }
    const logits = (await session.run({ [ONNX_INPUT]: feed(contexts) }, [ONNX_LOGITS]))[ONNX_LOGITS]!
      .data as Float32Array;
    let loss = 0;
    targets.forEach((target, b) => {
      const row = logits.subarray(b * meta.vocab, (b + 1) * meta.vocab);
      const max = Math.max(...row);
      const sum = row.reduce((s, x) => s + Math.exp(x - max), 0);
      loss -= row[target]! - max - Math.log(sum);
    });
    expect(loss / targets.length).toBeLessThan(0.5 * Math.log(meta.vocab));
    await session.release();
  });
});
