/**
 * The onnxruntime-web backend for the adapter registry: offers the project's own tiny
 * character model (`arw-tiny-char`, shipped under public/models/) and builds its adapter
 * with the worker's real fetch, clock, randomness and WebGPU/isolation environment.
 */
import type { ModelInfo } from '../../core/agent/model';
import type { AdapterBackend } from './adapters';
import { createOnnxCharAdapter, type OnnxCharDeps } from './onnx-char-adapter';
import { TINY_MODEL_ID, TINY_MODEL_LABEL } from './onnx-model-meta';

export const TINY_MODEL_INFO: ModelInfo = { id: TINY_MODEL_ID, label: TINY_MODEL_LABEL, backend: 'onnxruntime-web', demo: true };

/** The backend; `deps` are shared by every adapter it creates. */
export function createOnnxBackend(deps: OnnxCharDeps): AdapterBackend {
  return {
    backend: 'onnx',
    list: async () => [{ ...TINY_MODEL_INFO }],
    accepts: (model) => model.id === TINY_MODEL_ID,
    create: () => createOnnxCharAdapter(deps),
  };
}
