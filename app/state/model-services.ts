/**
 * The model side of the composition root: the inference worker, the runtime profile,
 * the web-llm client, the model router, the model servers on the network, the device's
 * capabilities, Chat's model status and the model store. Built once by main.tsx; what
 * each does is decided in the module it comes from.
 */
import { createRoot } from 'solid-js';
import { PROBE_MODEL_INFO } from '../../core/agent/probe-model';
import type { Journal, StoredEvent } from '../../core/journal/types';
import type { MakeEvent } from '../../core/journal/event-factory';
import { WEBLLM_PREBUILT } from '../generated/webllm-prebuilt';
import { acrossBoundary } from '../worker-clients/boundary';
import { startInferenceWorker } from '../worker-clients/inference-client';
import { createModelRouter } from '../worker-clients/model-router';
import { createModelStoreClient } from '../worker-clients/model-store-client';
import { createRuntimePoolClient } from '../worker-clients/runtime-client';
import { createWebLlmClient } from '../worker-clients/webllm-client';
import { browserCapabilityProbes, createDeviceCapabilities } from './capabilities';
import { DEFAULT_CHAT_MODEL } from './chat-agent';
import { createModelEvents } from './model-events';
import { createModelStatus } from './model-status';
import { onModelsChanged } from './models-page';
import { createOpenAiServers } from './openai-servers';
import type { RecordEvents } from './record-events';
import { browserBattery, createRuntimeServices } from './runtime-services';

export interface ModelServicesDeps {
  journal: Pick<Journal, 'append'>;
  make: MakeEvent;
  /** Writes background facts (a failed write goes to the journal banner). */
  record: RecordEvents;
  localStore: Storage | undefined;
  newId(): string;
  recentEvents(): readonly StoredEvent[];
}

export function createModelServices(deps: ModelServicesDeps) {
  const { make, localStore, record } = deps;
  const modelEvents = createModelEvents(make);
  const worker = startInferenceWorker();
  // The runtime profile goes to the worker first, so the first model loads with it.
  const runtime = createRuntimeServices({
    client: createRuntimePoolClient(worker.remote),
    append: (e) => deps.journal.append(e),
    make,
    store: localStore,
    battery: browserBattery(navigator),
  });
  // The web-llm worker starts on its first call (Chat lists its models on a device with WebGPU, or one is picked), never at startup.
  const webllm = createWebLlmClient({ onHealth: (h) => record(make('runtime.health', h)) });
  // `webllm:` ids go to the web-llm worker, every other id to the inference worker.
  const router = createModelRouter({ inference: worker.client, webllm, prebuilt: WEBLLM_PREBUILT });
  const servers = createOpenAiServers({
    store: localStore,
    configure: (list) => acrossBoundary(() => worker.remote.configureOpenAi(list)),
    listModels: (server) => acrossBoundary(() => worker.remote.listOpenAiModels(server)),
    onChanged: () => void model.refreshOptions(),
    newId: deps.newId,
  });
  const device = createDeviceCapabilities(browserCapabilityProbes(window), () => servers.servers().length);
  const model = createModelStatus(
    router,
    { id: DEFAULT_CHAT_MODEL },
    {
      fallback: { id: PROBE_MODEL_INFO.id },
      // Without a WebGPU adapter web-llm's models are listed (disabled, with the reason) from the app's copy of its catalog.
      list: async ({ activated }) =>
        activated
          ? (await device.ready,
            router.list({ withWebLlm: true, webllmWorker: device.facts().webgpu.state === 'adapter' }))
          : router.list(),
      cancelLoad: () => router.cancelLoad(),
      canCancel: router.canCancel,
      device,
      store: localStore,
      // Loads when Chat opens: other views (and tabs) never start the 28 MB WASM runtime.
      lazy: true,
      onLoaded: (info, fellBack) => record(...modelEvents.loaded(info, fellBack)),
    },
  );
  // A model downloaded, evicted or deleted (in this tab or another) changes what Chat can pick.
  createRoot(() => onModelsChanged(deps.recentEvents, () => void model.refreshOptions()));
  // The servers saved in this browser reach the worker before Chat lists its models.
  void servers.sync();
  const modelStore = createModelStoreClient(
    worker.remote,
    (progress) => record(modelEvents.downloadProgress(progress)),
    (change) => record(modelEvents.storeChanged(change)),
  );
  return { runtime, webllm, router, servers, model, modelStore };
}
