/**
 * Exports the tiny character model: the ONNX file (core/inference/char-model-onnx.ts)
 * plus its config json (vocabulary, shape, losses, size, sha256) under public/models/.
 * Used by train-model.ts after training; run alone it re-exports the last checkpoint:
 *   npx tsx scripts/export-onnx.ts
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { weightSizes, WEIGHT_NAMES, type CharModelConfig, type CharModelWeights } from '../core/inference/char-model';
import { charModelToOnnx } from '../core/inference/char-model-onnx';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MODEL_DIR = join(ROOT, 'public/models');
export const MODEL_ID = 'arw-tiny-char';
export const CHECKPOINT = join(ROOT, 'node_modules/.cache/arw-tiny-char/checkpoint.json');

export interface TrainingReport {
  seed: number;
  steps: number;
  batch: number;
  trainLoss: number;
  valLoss: number;
  uniformLoss: number;
  corpusChars: number;
  seconds: number;
  sample: string;
}

export interface Checkpoint {
  config: CharModelConfig;
  chars: string[];
  report: TrainingReport;
  /** Base64 of each weight's Float32Array bytes. */
  weights: Record<string, string>;
}

const toBase64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromBase64(text: string, length: number): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float32Array(length);
  new Uint8Array(out.buffer).set(bytes.subarray(0, length * 4));
  return out;
}

export function saveCheckpoint(
  config: CharModelConfig,
  weights: CharModelWeights,
  chars: string[],
  report: TrainingReport,
): void {
  const encoded = Object.fromEntries(WEIGHT_NAMES.map((name) => [name, toBase64(weights[name])]));
  mkdirSync(dirname(CHECKPOINT), { recursive: true });
  writeFileSync(CHECKPOINT, JSON.stringify({ config, chars, report, weights: encoded } satisfies Checkpoint));
}

export function loadCheckpoint(): {
  config: CharModelConfig;
  chars: string[];
  report: TrainingReport;
  weights: CharModelWeights;
} {
  const checkpoint = JSON.parse(readFileSync(CHECKPOINT, 'utf8')) as Checkpoint;
  const sizes = weightSizes(checkpoint.config);
  const weights = Object.fromEntries(
    WEIGHT_NAMES.map((name) => [name, fromBase64(checkpoint.weights[name]!, sizes[name])]),
  ) as unknown as CharModelWeights;
  return { ...checkpoint, weights };
}

/** Writes `<id>.onnx` and `<id>.json` under public/models/; returns the file size in bytes. */
export function exportModel(
  config: CharModelConfig,
  weights: CharModelWeights,
  chars: string[],
  report: TrainingReport,
): number {
  const bytes = charModelToOnnx(config, weights, {
    vocab: JSON.stringify(chars),
    trained_by: 'scripts/train-model.ts',
  });
  mkdirSync(MODEL_DIR, { recursive: true });
  writeFileSync(join(MODEL_DIR, `${MODEL_ID}.onnx`), bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const meta = {
    id: MODEL_ID,
    file: `${MODEL_ID}.onnx`,
    bytes: bytes.length,
    sha256,
    label: 'Tiny demo model (character-level, trained by this project) — not a real assistant',
    ...config,
    chars,
    training: report,
  };
  writeFileSync(join(MODEL_DIR, `${MODEL_ID}.json`), `${JSON.stringify(meta, null, 2)}\n`);
  return bytes.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { config, weights, chars, report } = loadCheckpoint();
  const size = exportModel(config, weights, chars, report);
  console.log(`exported ${MODEL_ID}.onnx (${size} bytes) to ${MODEL_DIR}`);
}
