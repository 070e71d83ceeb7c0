/**
 * The onnxruntime-web backend for the adapter registry: offers the project's own tiny
 * character model (`arw-tiny-char`, shipped under public/models/) and every cached
 * `onnx-char` model of the model store, and builds their adapter with the worker's real
 * fetch, clock, randomness and WebGPU/isolation environment. A stored model's bytes come
 * from the store (hash-addressed OPFS), never the network, and loading it marks it used.
 */
import type { ModelInfo, ModelRef } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import type { StoredModel } from '../../core/models/manifest';
import type { AdapterBackend } from './adapters';
import type { ModelStore } from './model-store/model-store';
import { createOnnxCharAdapter, type OnnxCharDeps } from './onnx-char-adapter';
import { fetchCharModel, type CharModelSource } from './onnx-fetch';
import { TINY_MODEL_ID, TINY_MODEL_LABEL, type CharModelMeta } from './onnx-model-meta';
import { onnxSettingsKey, profiledEnvironment } from './onnx-profile';

export const TINY_MODEL_INFO: ModelInfo = {
  id: TINY_MODEL_ID,
  label: TINY_MODEL_LABEL,
  backend: 'onnxruntime-web',
  demo: true,
};

/** The part of the model store this backend reads. */
export type OnnxModelStore = Pick<ModelStore, 'list' | 'read' | 'touch'>;

type RunnableModel = StoredModel & Required<Pick<StoredModel, 'config'>>;

/**
 * A verified ONNX char model with its config; the shipped id always means the shipped
 * file. The record's state decides, not the data file's size: a file lost since it was
 * verified stays listed so that loading it says `model-not-cached` instead of nothing.
 */
const runnable = (model: StoredModel): model is RunnableModel =>
  model.state === 'cached' && model.format === 'onnx-char' && model.config !== undefined && model.id !== TINY_MODEL_ID;

const kib = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** How a cached model reads in the Chat picker: its name, then where it runs from and its size. */
export function cachedModelLabel(model: StoredModel): string {
  return `${model.label ?? model.id} (cached ONNX char model, ${kib(model.bytes)})`;
}

function metaOf(model: RunnableModel): CharModelMeta {
  return {
    ...model.config,
    id: model.id,
    file: model.url,
    bytes: model.bytes,
    sha256: model.sha256,
    label: cachedModelLabel(model),
  };
}

/** Cached onnx-char models of `store`; none when the store cannot be read (no OPFS). */
async function cachedModels(store: OnnxModelStore | undefined): Promise<RunnableModel[]> {
  if (!store) return [];
  try {
    return (await store.list()).filter(runnable);
  } catch {
    return [];
  }
}

/** Reads a cached model from the store and marks it used; the shipped model is fetched. */
function storeSource(store: OnnxModelStore | undefined, fetched: CharModelSource): CharModelSource {
  return async (model: ModelRef, report) => {
    if (!store || model.id === TINY_MODEL_ID) return fetched(model, report);
    report({ fraction: 0, text: `Reading ${model.id} from the model store` });
    // Throws model-not-cached when the file was deleted or evicted since it was listed.
    const { model: stored, bytes } = await store.read(model.id);
    if (!runnable(stored)) {
      throw new AppError(
        'model-unknown',
        `${model.id} is in the model store but is not an ONNX char model with a config (format: ${stored.format ?? 'file'})`,
        { details: { model: model.id } },
      );
    }
    report({ fraction: 0.9, text: `Read ${kib(bytes.length)} from the model store` });
    await store.touch(model.id);
    return { meta: metaOf(stored), bytes };
  };
}

/** The backend; `deps` are shared by every adapter it creates, `store` adds the cached models. */
export function createOnnxBackend(deps: OnnxCharDeps, store?: OnnxModelStore): AdapterBackend {
  const source = storeSource(store, deps.source ?? fetchCharModel(deps.fetch, deps.baseUrl));
  return {
    backend: 'onnx',
    list: async () => [
      { ...TINY_MODEL_INFO },
      ...(await cachedModels(store)).map((model) => ({
        id: model.id,
        label: cachedModelLabel(model),
        backend: 'onnxruntime-web',
        demo: true,
      })),
    ],
    // Without a store the answer is known at once; with one, the registry asks list() (the store may have changed).
    ...(store ? {} : { accepts: (model: ModelRef) => model.id === TINY_MODEL_ID }),
    create: (settings) =>
      createOnnxCharAdapter({ ...deps, source, environment: profiledEnvironment(deps.environment, settings) }),
    settingsKey: onnxSettingsKey,
  };
}
