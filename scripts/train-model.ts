/**
 * Trains the tiny character model on the project's own corpus and exports it to ONNX.
 *   npx tsx scripts/train-model.ts corpus   # rebuild scripts/corpus/arw-corpus.txt
 *   npx tsx scripts/train-model.ts train    # train (fixed seed and steps), then export
 * ARW_TRAIN_STEPS overrides the step count (e.g. a quick smoke run).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forward, initWeights, parameterCount, type CharModelConfig } from '../core/inference/char-model';
import {
  adamStep,
  batchLoss,
  createAdam,
  createGrads,
  sampleBatch,
  zeroGrads,
} from '../core/inference/char-model-train';
import { charsOf, contextWindow, createCharVocab } from '../core/inference/char-vocab';
import { createRandom } from '../core/inference/random';
import { sampleIndex } from '../core/inference/sampling';
import { buildCorpus } from './corpus/grammar';
import { exportModel, saveCheckpoint } from './export-onnx';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, 'scripts/corpus/arw-corpus.txt');
const SEED = 20261125;
const CORPUS_BYTES = 320_000;
const SHAPE = { context: 24, embed: 16, hidden: 256 };
const BATCH = 64;
const STEPS = Number(process.env.ARW_TRAIN_STEPS ?? 6000);
const LR_MAX = 3e-3;
const LR_MIN = 2e-4;

function writeCorpus(): void {
  const text = buildCorpus(CORPUS_BYTES, SEED);
  writeFileSync(CORPUS, text);
  console.log(`wrote ${CORPUS} (${text.length} chars)`);
}

function train(): void {
  const text = readFileSync(CORPUS, 'utf8');
  const chars = charsOf(text);
  const vocab = createCharVocab(chars);
  const ids = Int32Array.from(vocab.encode(text));
  const config: CharModelConfig = { vocab: vocab.size, ...SHAPE };
  const random = createRandom(SEED);
  const weights = initWeights(config, random);
  const adam = createAdam(weights);
  const grads = createGrads(weights);
  const split = Math.floor(ids.length * 0.95);
  const valBatches = Array.from({ length: 20 }, () => sampleBatch(ids, split, ids.length, config.context, 256, random));
  const valLoss = () => valBatches.reduce((sum, b) => sum + batchLoss(weights, config, b), 0) / valBatches.length;
  console.log(
    `corpus ${ids.length} chars, vocab ${vocab.size}, ${parameterCount(config)} parameters, uniform loss ${Math.log(vocab.size).toFixed(3)}`,
  );
  const started = Date.now();
  let running = Math.log(vocab.size);
  for (let step = 1; step <= STEPS; step += 1) {
    const lr = LR_MIN + 0.5 * (LR_MAX - LR_MIN) * (1 + Math.cos((Math.PI * step) / STEPS));
    zeroGrads(grads);
    const loss = batchLoss(weights, config, sampleBatch(ids, 0, split, config.context, BATCH, random), grads);
    adamStep(weights, grads, adam, lr);
    running = 0.98 * running + 0.02 * loss;
    if (step % 500 === 0 || step === STEPS) {
      console.log(
        `step ${step}  train ${running.toFixed(3)}  val ${valLoss().toFixed(3)}  lr ${lr.toExponential(1)}  ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  }
  const sampler = createRandom(SEED + 1);
  const generated = vocab.encode('The agent ');
  for (let i = 0; i < 200; i += 1)
    generated.push(
      sampleIndex(
        forward(weights, config, contextWindow(generated, config.context, vocab.id(' '))),
        { temperature: 0.7 },
        sampler,
      ),
    );
  const sample = vocab.decode(generated);
  console.log(`sample (temperature 0.7): ${sample}`);
  const report = {
    seed: SEED,
    steps: STEPS,
    batch: BATCH,
    trainLoss: Number(running.toFixed(4)),
    valLoss: Number(valLoss().toFixed(4)),
    uniformLoss: Number(Math.log(vocab.size).toFixed(4)),
    corpusChars: ids.length,
    seconds: Math.round((Date.now() - started) / 1000),
    sample,
  };
  saveCheckpoint(config, weights, chars, report);
  const size = exportModel(config, weights, chars, report);
  console.log(
    `exported arw-tiny-char.onnx (${size} bytes); train ${report.trainLoss} val ${report.valLoss} (uniform ${report.uniformLoss})`,
  );
}

const command = process.argv[2] ?? 'train';
if (command === 'corpus') writeCorpus();
else if (command === 'train') train();
else {
  console.error('usage: npx tsx scripts/train-model.ts corpus|train');
  process.exit(2);
}
