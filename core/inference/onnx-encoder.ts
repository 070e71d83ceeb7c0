/**
 * Writes an ONNX ModelProto (ir_version 8, one opset import) from a plain description of
 * a graph: nodes, float32/int64 initializers as raw little-endian data, typed inputs and
 * outputs. Field numbers follow onnx.proto3. Only what our models need is supported.
 */
import { ProtoWriter } from './protobuf-writer';

/** ONNX TensorProto.DataType values used here. */
export const ONNX_TYPES = { float: 1, int64: 7 } as const;
export type OnnxType = keyof typeof ONNX_TYPES;

export interface OnnxTensor {
  name: string;
  type: OnnxType;
  dims: readonly number[];
  /** Float32Array for float, BigInt64Array for int64. */
  data: Float32Array | BigInt64Array;
}

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  /** Integer attributes only (e.g. Gather's `axis`). */
  intAttributes?: Record<string, number>;
}

export interface OnnxValueInfo {
  name: string;
  type: OnnxType;
  /** A number is a fixed size; a string is a symbolic dim (e.g. `batch`). */
  shape: readonly (number | string)[];
}

export interface OnnxModel {
  graphName: string;
  producer: string;
  producerVersion: string;
  opset: number;
  doc?: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  /** Model metadata_props (key → value). */
  metadata?: Record<string, string>;
}

const IR_VERSION = 8;
const ATTRIBUTE_INT = 2;

function rawBytes(data: Float32Array | BigInt64Array): Uint8Array {
  // Typed arrays are little-endian on every platform onnxruntime-web runs on; ONNX raw_data is little-endian.
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

function writeTensor(w: ProtoWriter, tensor: OnnxTensor): void {
  w.packedInts(1, tensor.dims).int(2, ONNX_TYPES[tensor.type]).string(8, tensor.name).bytes(9, rawBytes(tensor.data));
}

function writeValueInfo(w: ProtoWriter, info: OnnxValueInfo): void {
  w.string(1, info.name).message(2, (type) =>
    type.message(1, (tensorType) =>
      tensorType.int(1, ONNX_TYPES[info.type]).message(2, (shape) => {
        for (const dim of info.shape)
          shape.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
      }),
    ),
  );
}

function writeNode(w: ProtoWriter, node: OnnxNode, index: number): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name ?? `${node.op}_${index}`).string(4, node.op);
  for (const [name, value] of Object.entries(node.intAttributes ?? {})) {
    w.message(5, (a) => a.string(1, name).int(20, ATTRIBUTE_INT).int(3, value));
  }
}

/** The serialized ModelProto bytes for `model`. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, IR_VERSION).string(2, model.producer).string(3, model.producerVersion);
  if (model.doc) w.string(6, model.doc);
  w.message(7, (g) => {
    model.nodes.forEach((node, i) => g.message(1, (n) => writeNode(n, node, i)));
    g.string(2, model.graphName);
    for (const tensor of model.initializers) g.message(5, (t) => writeTensor(t, tensor));
    for (const input of model.inputs) g.message(11, (v) => writeValueInfo(v, input));
    for (const output of model.outputs) g.message(12, (v) => writeValueInfo(v, output));
  });
  w.message(8, (o) => o.string(1, '').int(2, model.opset));
  for (const [key, value] of Object.entries(model.metadata ?? {}))
    w.message(14, (p) => p.string(1, key).string(2, value));
  return w.finish();
}
