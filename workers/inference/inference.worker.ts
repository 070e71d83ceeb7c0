/**
 * The inference worker's entry: builds the adapter registry with real timers, fetch,
 * randomness and the device's WebGPU/isolation facts, and exposes the api through
 * Comlink. Nothing else lives here (the api is in inference-api.ts, tested without a worker).
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web';
import { createRandom } from '../../core/inference/random';
import { createProbeBackend } from './adapters';
import { createInferenceApi } from './inference-api';
import { createOnnxBackend } from './onnx-backend';
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

const onnx = createOnnxBackend({
  Tensor: ort.Tensor,
  createSession: ortSessionFactory(ort),
  fetch: (url) => fetch(url),
  baseUrl: `${import.meta.env.BASE_URL}models/`,
  environment: () => ({
    gpu: gpu as never,
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: self.navigator.hardwareConcurrency || 1,
  }),
  clock,
  random: createRandom(crypto.getRandomValues(new Uint32Array(1))[0]!),
  yieldNow,
});

Comlink.expose(createInferenceApi([onnx, createProbeBackend({ sleep, clock: { now: () => Date.now() } })]));
