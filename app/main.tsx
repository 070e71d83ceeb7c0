/**
 * The composition root: the only place concrete adapters are built (journal, clock,
 * ids, inference worker, read-models, stream, PWA) and handed to the UI. Also sets up
 * `window.arw`, a small console API for people and end-to-end tests.
 */
import { createRoot } from 'solid-js';
import { render } from 'solid-js/web';
import { PROBE_MODEL_INFO } from '../core/agent/probe-model';
import { planProbe } from '../core/agent/probe-plan';
import { runEpisode, type EpisodeDeps } from '../core/agent/run-episode';
import { createBuiltinTools } from '../core/agent/tools';
import { describeError, isAppError } from '../core/errors';
import { createEventFactory, type MakeEvent } from '../core/journal/event-factory';
import type { Clock } from '../core/lib/clock';
import { createUlidFactory } from '../core/lib/ulid';
import { createReadModels } from '../core/read-models';
import { App } from './App';
import { CollabContext, createCollab } from './collab/collab';
import { collabConsole, type CollabConsole } from './collab/collab-console';
import { openJournal, type JournalHandle } from './db/journal';
import { CURRENT_VERSION, DEFAULT_DB_NAME } from './db/schema';
import { deviceActor } from './lib/device-actor';
import { APP_VERSION } from './lib/version';
import { createPwaState } from './pwa/pwa-state';
import { createJournalHealth } from './state/journal-health';
import { createModelStatus } from './state/model-status';
import { onModelsChanged } from './state/models-page';
import { createStorageState } from './state/storage';
import { createStream, type Stream } from './state/stream';
import { createProjectState, ProjectContext, type ProjectState } from './state/project';
import { createSyncState, SyncContext } from './state/sync';
import { loadPairings } from './sync/pairings';
import type { SocketLike } from './sync/sync-link';
import { createSyncService, type SyncService } from './sync/sync-service';
import { startInferenceWorker } from './worker-clients/inference-client';
import { createModelStoreClient, type ModelStoreClient } from './worker-clients/model-store-client';
import { createWebLlmClient, type WebLlmClient } from './worker-clients/webllm-client';
import { WEBLLM_PREBUILT } from './generated/webllm-prebuilt';
import { WEBLLM_ID_PREFIX } from '../core/inference/model-ids';
import { browserCapabilityProbes, createDeviceCapabilities } from './state/capabilities';
import { createOpenAiServers, type OpenAiServersState } from './state/openai-servers';
import { toAppError } from './worker-clients/inference-client';
import { createModelRouter } from './worker-clients/model-router';
import { createRuntimePoolClient } from './worker-clients/runtime-client';
import { browserBattery, createRuntimeServices, type RuntimeServices } from './state/runtime-services';
import './styles/index.css';

/**
 * The console API, `window.arw`:
 * - `journal`: the open journal (`append`, `appendBatch`, `tail`, `query`, `scan`,
 *   `count`, `subscribe`, `status`, `lastError`), e.g. `await arw.journal.tail(5)`;
 * - `stream`: the app's one subscription and its read-models as Solid accessors,
 *   e.g. `arw.stream.episodes()`, `arw.stream.recentEvents()`, `arw.stream.select(id)`;
 * - `make(kind, payload, context?)`: builds a valid envelope as this device, e.g.
 *   `await arw.journal.append(arw.make('runtime.health', { component: 'x', state: 'ok' }))`;
 * - `version`: the app version;
 * - `sync`: the sync service (`snapshot()`, `isLeader()`, `pair({url, token, projects})`, `unpair(id)`);
 * - `project`: the current project new episodes belong to (`current()`, `set(id)`);
 * - `models`: the model store (`download(manifest)`, `pause`, `cancel`, `delete`, `list`, `storage`);
 * - `collab`: the current project's shared thread (`messages()`, `peers()`, `json()`, `stateVector()`, `setLinked(bool)`, `setName(name)`);
 * - `webllm`: the web-llm worker client (`capability()`, `list()`, `load(ref)`, `cancelLoad()`, ...), started on first use.
 * - `servers`: the OpenAI-compatible model servers (`servers()`, `save(draft, id?)`, `remove(id)`, `undo()`, `test(draft)`).
 * - `runtime`: the runtime profile governor (`governor.profile()`, `governor.set(name, reason?)`, `governor.setAutomatic(on)`) and the warm-engine pool (`pool.refresh()`, `pool.state()`, `pool.unload(key)`).
 */
export interface ArwConsoleApi {
  journal: JournalHandle;
  stream: Stream;
  make: MakeEvent;
  version: string;
  sync: SyncService;
  project: ProjectState;
  models: ModelStoreClient;
  collab: CollabConsole;
  webllm: WebLlmClient;
  servers: OpenAiServersState;
  runtime: RuntimeServices;
}

declare global {
  interface Window {
    arw?: ArwConsoleApi;
  }
}

/** The agent the chat talks to, recorded on every `episode.started` (the model is recorded beside it). */
const CHAT_AGENT = 'chat';
/** The offline default: the project's own tiny model (public/models/), the probe when it cannot load. */
const DEFAULT_CHAT_MODEL = 'arw-tiny-char';
const noPlan = () => null;

function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** A readable full page for when there is no journal at all (private windows, disabled storage). */
function renderFatal(root: HTMLElement, error: unknown): void {
  const code = isAppError(error) ? error.code : 'journal-unavailable';
  root.innerHTML = '';
  const page = document.createElement('main');
  page.className = 'fatal';
  page.setAttribute('role', 'alert');
  const title = document.createElement('h1');
  title.textContent = 'ARW Hub cannot start';
  const message = document.createElement('p');
  message.textContent = describeError(code);
  const advice = document.createElement('p');
  advice.textContent =
    code === 'journal-closed'
      ? 'Close the other tabs of this app, then reload this one.'
      : 'ARW Hub keeps everything in this browser’s storage. Open it in a regular (not private) window, or allow site data for this address, then reload.';
  const detail = document.createElement('pre');
  detail.textContent = error instanceof Error ? error.message : String(error);
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  page.append(title, message, advice, reload, detail);
  root.append(page);
}

async function start(root: HTMLElement): Promise<void> {
  let journal: JournalHandle;
  try {
    journal = await openJournal();
  } catch (error) {
    renderFatal(root, error);
    return;
  }
  const localStore = safeLocalStorage();
  const clock: Clock = { now: () => Date.now() };
  const newId = createUlidFactory(Date.now, (n) => crypto.getRandomValues(new Uint8Array(n)));
  const actor = deviceActor(localStore, newId);
  const make = createEventFactory({ actor, clock, newId });

  const storage = createStorageState(navigator.storage, localStore);
  // Only asks whether storage is persistent; persistence is requested from the
  // Settings button or the Hub hint, with the reason next to it.
  void storage.refresh();

  const models = createReadModels();
  const stream = createStream(journal, models, { clock });
  const health = createJournalHealth(journal);
  const pwa = createPwaState();
  const worker = startInferenceWorker();
  // The runtime profile goes to the worker first, so the first model loads with it.
  const runtime = createRuntimeServices({ client: createRuntimePoolClient(worker.remote), append: (e) => journal.append(e), make, store: localStore, battery: browserBattery(navigator) });
  // The web-llm worker starts on its first call (Chat lists its models on a device with WebGPU, or one is picked), never at startup.
  const webllm = createWebLlmClient({ onHealth: (h) => void journal.append(make('runtime.health', h)).catch(() => undefined) });
  // `webllm:` ids go to the web-llm worker, every other id to the inference worker.
  const router = createModelRouter({ inference: worker.client, webllm, prebuilt: WEBLLM_PREBUILT });
  const servers = createOpenAiServers({
    store: localStore,
    configure: (list) => worker.remote.configureOpenAi(list).catch((error: unknown) => Promise.reject(toAppError(error))),
    listModels: (server) => worker.remote.listOpenAiModels(server).catch((error: unknown) => Promise.reject(toAppError(error))),
    onChanged: () => void model.refreshOptions(),
    newId,
  });
  const device = createDeviceCapabilities(browserCapabilityProbes(window), () => servers.servers().length);
  let chatModelId: string | undefined;
  const model = createModelStatus(router, { id: DEFAULT_CHAT_MODEL }, {
    fallback: { id: PROBE_MODEL_INFO.id },
    // Without a WebGPU adapter web-llm's models are listed (disabled, with the reason) from the app's copy of its catalog.
    list: async ({ activated }) => (activated ? (await device.ready, router.list({ withWebLlm: true, webllmWorker: device.facts().webgpu.state === 'adapter' })) : router.list()),
    cancelLoad: () => router.cancelLoad(),
    canCancel: router.canCancel,
    device,
    store: localStore,
    // Loads when Chat opens: other views (and tabs) never start the 28 MB WASM runtime.
    lazy: true,
    onLoaded: (info, fellBack) => {
      // A switch between the two workers unloads the web-llm model (the router does); the inference
      // worker's engines stay warm in its pool, which journals their real unloads itself.
      const leftWebLlm = chatModelId !== undefined && chatModelId !== info.id && chatModelId.startsWith(WEBLLM_ID_PREFIX) && !info.id.startsWith(WEBLLM_ID_PREFIX);
      const swapped = leftWebLlm ? [make('models.changed', { op: 'unloaded', id: chatModelId! })] : [];
      chatModelId = info.id;
      void journal.appendBatch([...swapped, make('models.changed', { op: 'loaded', id: info.id })]).catch(() => undefined);
      void journal
        .append(make('runtime.health', { component: `inference:${info.id}`, state: fellBack ? 'degraded' : 'ok', detail: fellBack ? `fell back to ${info.id}: ${fellBack}` : info.backend }))
        .catch(() => undefined);
    },
  });
  // A model downloaded, evicted or deleted (in this tab or another) changes what Chat can pick.
  createRoot(() => onModelsChanged(stream.recentEvents, () => void model.refreshOptions()));
  // The servers saved in this browser reach the worker before Chat lists its models.
  void servers.sync();

  const deps: EpisodeDeps = {
    model: router,
    make,
    emit: async (events) => void (await journal.appendBatch(events)),
    clock,
    newId,
    tools: createBuiltinTools(clock),
    plan: planProbe,
    modelId: PROBE_MODEL_INFO.id,
  };

  // One writer per device: only the tab holding the Web Lock opens sync sockets.
  const sync = createSyncService({
    journal,
    deviceId: actor,
    appVersion: APP_VERSION,
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    locks: navigator.locks,
    channelName: `arw-sync:${DEFAULT_DB_NAME}`,
    events: window,
    isOnline: () => navigator.onLine,
    now: Date.now,
    random: Math.random,
    newId,
  });
  const project = createProjectState(localStore);
  // The current project's shared thread (Yjs), when the project is paired with a server.
  const collab = createCollab({
    project: project.current,
    selected: stream.selectedCorrId,
    sync,
    loadPairings: () => loadPairings(journal.meta),
    actor,
    store: localStore,
    events: window,
    isOnline: () => navigator.onLine,
    newId,
  });

  const modelStore = createModelStoreClient(
    worker.remote,
    (p) => void journal.append(make('models.download.progress', p)).catch(() => undefined),
    (c) => void journal.append(make('models.changed', { op: c.op, id: c.id }, c.error ? { code: c.error.code, status: c.error.message.slice(0, 200), severity: 'error' } : {})).catch(() => undefined),
  );
  window.arw = { journal, stream, make, version: APP_VERSION, sync, project, models: modelStore, collab: collabConsole(collab), webllm, servers, runtime };

  root.innerHTML = '';
  render(
    () => (
      <SyncContext.Provider value={createSyncState(sync, { now: stream.now, window })}>
        <ProjectContext.Provider value={project}>
          <CollabContext.Provider value={collab}>
            <App
              journal={journal}
              stream={stream}
              health={health}
              model={model}
              storage={storage}
              pwa={pwa}
              localStore={localStore}
              version={APP_VERSION}
              deviceActor={actor}
              journalInfo={{ name: DEFAULT_DB_NAME, schemaVersion: CURRENT_VERSION }}
              agent={CHAT_AGENT}
              newId={newId}
              runEpisode={collab.wrapRun((input, signal) => {
                const modelId = model.info()?.id;
                // The probe's planner calls its tools; the tiny model only continues text.
                const plan = modelId === PROBE_MODEL_INFO.id ? planProbe : noPlan;
                const projectId = input.projectId ?? project.current();
                return runEpisode({ ...deps, modelId, plan, batching: runtime.governor.params().tokenBatch }, { ...input, projectId }, signal).finally(() => void model.refreshStats());
              })}
            />
          </CollabContext.Provider>
        </ProjectContext.Provider>
      </SyncContext.Provider>
    ),
    root,
  );
}

const root = document.getElementById('root');
if (root) void start(root);
