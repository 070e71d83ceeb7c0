/**
 * The web-llm worker's entry: wires real fetch, WebGPU and a lazy `import('@mlc-ai/web-llm')`
 * (its own chunk, loaded only when the list or a load asks for it) into the adapter and
 * exposes it through Comlink with boundary errors.
 */
import * as Comlink from 'comlink';
import { withBoundaryErrors } from '../inference/boundary-error';
import type { WebLlmApi } from './api';
import { createWebLlmApi } from './webllm-api';

const api: WebLlmApi = createWebLlmApi({
  importWebLlm: () => import('@mlc-ai/web-llm'),
  gpu: () => (self.navigator as WorkerNavigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu,
  fetch: (url, init) => fetch(url, init),
  now: () => performance.now(),
});

Comlink.expose(withBoundaryErrors(api));
