/**
 * The inference worker's entry: builds the adapter registry with real timers, fetch,
 * randomness and the device's WebGPU/isolation facts, the OPFS model store, and exposes
 * them through Comlink. Nothing else lives here (the apis are tested without a worker).
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web';
import { createRandom } from '../../core/inference/random';
import { createProbeBackend } from './adapters';
import { AppError } from '../../core/errors';
import type { InferenceWorkerApi, OpenAiServerConfig } from './api';
import { withBoundaryErrors } from './boundary-error';
import { createInferenceApi } from './inference-api';
import { createOpfsModelFiles } from './model-store/model-files';
import { createModelStore } from './model-store/model-store';
import { createModelStoreApi } from './model-store/model-store-api';
import { createOnnxBackend } from './onnx-backend';
import { applyOpenAiServers, createOpenAiBackend } from './openai-backend';
import { OpenAiServersSchema } from './openai-http';
import { ortSessionFactory } from './onnx-session';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const clock = { now: () => performance.now() };

// A MessageChannel round trip yields to the event loop without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldNow = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

const gpu = (self.navigator as WorkerNavigator & { gpu?: unknown }).gpu;
const createSession = ortSessionFactory(ort);

const onnx = createOnnxBackend(
  {
    Tensor: ort.Tensor,
    createSession,
    fetch: (url) => fetch(url),
    baseUrl: `${import.meta.env.BASE_URL}models/`,
    environment: () => ({
      gpu: gpu as never,
      crossOriginIsolated: self.crossOriginIsolated,
      hardwareConcurrency: self.navigator.hardwareConcurrency || 1,
      wasmThreadsStarted: createSession.startedThreads(),
    }),
    clock,
    random: createRandom(crypto.getRandomValues(new Uint32Array(1))[0]!),
    yieldNow,
    // The store is built below; these run only when the backend lists or loads.
  },
  { list: () => store.list(), read: (id) => store.read(id), touch: (id) => store.touch(id) },
);

const parseServers = (servers: unknown) => {
  const parsed = OpenAiServersSchema.safeParse(servers);
  if (!parsed.success) throw new AppError('invalid-request', `OpenAI-compatible servers: ${parsed.error.message}`);
  return parsed.data;
};

const openai = createOpenAiBackend({ fetch: (url, init) => fetch(url, init), clock });

const store = createModelStore({
  files: createOpfsModelFiles(() => navigator.storage.getDirectory()),
  fetch: (url, init) => fetch(url, init),
  estimate: () => navigator.storage.estimate(),
  now: () => Date.now(),
});

const inference = createInferenceApi([onnx, openai, createProbeBackend({ sleep, clock: { now: () => Date.now() } })], {
  deviceMemoryGb: (self.navigator as WorkerNavigator & { deviceMemory?: number }).deviceMemory,
});

const api: InferenceWorkerApi = {
  ...inference,
  ...createModelStoreApi(store),
  ...withBoundaryErrors({
    configureOpenAi: async (servers: OpenAiServerConfig[]) =>
      applyOpenAiServers(openai, inference, parseServers(servers)),
    listOpenAiModels: async (server: OpenAiServerConfig) => openai.listModels(parseServers([server])[0]!),
  }),
};
Comlink.expose(api);
