/**
 * The tiny character model as an ONNX graph (opset 13): `context` int64 [batch, K] →
 * Gather(emb) → Reshape [batch, K*E] → MatMul W1 + b1 → Tanh → MatMul W2 + b2 =
 * `logits` [batch, V]; the gathered embeddings are a second output `embedded`
 * [batch, K, E] (used for `embed`). Mirrors `forward` in char-model.ts exactly.
 */
import type { CharModelConfig, CharModelWeights } from './char-model';
import { encodeOnnxModel, type OnnxModel } from './onnx-encoder';

export const ONNX_INPUT = 'context';
export const ONNX_LOGITS = 'logits';
export const ONNX_EMBEDDED = 'embedded';

/** The ModelProto bytes for `weights`; `metadata` lands in the model's metadata_props. */
export function charModelToOnnx(
  config: CharModelConfig,
  weights: CharModelWeights,
  metadata: Record<string, string> = {},
): Uint8Array {
  const { vocab: v, context: k, embed: e, hidden: h } = config;
  const model: OnnxModel = {
    graphName: 'arw_tiny_char',
    producer: 'arw-hub scripts/export-onnx.ts',
    producerVersion: '1',
    opset: 13,
    doc: 'Tiny character-level language model trained by ARW Hub on its own corpus. A demo, not an assistant.',
    nodes: [
      { op: 'Gather', inputs: ['emb', ONNX_INPUT], outputs: [ONNX_EMBEDDED], intAttributes: { axis: 0 } },
      { op: 'Reshape', inputs: [ONNX_EMBEDDED, 'flat_shape'], outputs: ['flat'] },
      { op: 'MatMul', inputs: ['flat', 'w1'], outputs: ['z1'] },
      { op: 'Add', inputs: ['z1', 'b1'], outputs: ['a1'] },
      { op: 'Tanh', inputs: ['a1'], outputs: ['h1'] },
      { op: 'MatMul', inputs: ['h1', 'w2'], outputs: ['z2'] },
      { op: 'Add', inputs: ['z2', 'b2'], outputs: [ONNX_LOGITS] },
    ],
    initializers: [
      { name: 'emb', type: 'float', dims: [v, e], data: weights.emb },
      { name: 'flat_shape', type: 'int64', dims: [2], data: BigInt64Array.from([-1n, BigInt(k * e)]) },
      { name: 'w1', type: 'float', dims: [k * e, h], data: weights.w1 },
      { name: 'b1', type: 'float', dims: [h], data: weights.b1 },
      { name: 'w2', type: 'float', dims: [h, v], data: weights.w2 },
      { name: 'b2', type: 'float', dims: [v], data: weights.b2 },
    ],
    inputs: [{ name: ONNX_INPUT, type: 'int64', shape: ['batch', k] }],
    outputs: [
      { name: ONNX_LOGITS, type: 'float', shape: ['batch', v] },
      { name: ONNX_EMBEDDED, type: 'float', shape: ['batch', k, e] },
    ],
    metadata,
  };
  return encodeOnnxModel(model);
}
