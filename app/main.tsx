/**
 * The composition root: the only place concrete adapters are built (journal, clock,
 * ids, inference worker, read-models, stream, PWA) and handed to the UI; what to do
 * with them is decided in the modules they go to. Also sets up `window.arw`, a small
 * console API for people and end-to-end tests.
 */
import { render } from 'solid-js/web';
import { createEventFactory } from '../core/journal/event-factory';
import type { Clock } from '../core/lib/clock';
import { createUlidFactory } from '../core/lib/ulid';
import { createReadModels } from '../core/read-models';
import { App } from './App';
import { CollabContext, createCollab } from './collab/collab';
import { collabConsole } from './collab/collab-console';
import { openJournal, type JournalHandle } from './db/journal';
import { CURRENT_VERSION, DEFAULT_DB_NAME } from './db/schema';
import { deviceActor } from './lib/device-actor';
import { APP_VERSION } from './lib/version';
import { FatalScreen } from './pwa/FatalScreen';
import { createPwaState } from './pwa/pwa-state';
import { createAgents } from './state/agents';
import { CHAT_AGENT } from './state/chat-agent';
import { createJournalHealth } from './state/journal-health';
import { createModelServices } from './state/model-services';
import { createActiveAgent } from './state/active-agent';
import { createConversations } from './state/conversations';
import { docAttacher } from './recipes/attach-doc';
import { modelPickerFor } from './recipes/pick-model';
import { createRecipesService, type RecipesService } from './recipes/store';
import { toolCapability } from '../core/tools/builtin';
import { routeHref } from './lib/routes';
import { createRecorder } from './state/record-events';
import { createPolicyService } from './state/policy';
import { recipeToolRegistry, recipeVersionOf } from './policy/tool-registry';
import { createPolicyStore } from './policy/policy-store';
import { createPolicyServices } from './policy/policy-services';
import { createDataServices } from './state/data-services';
import { createStream } from './state/stream';
import { createSnapshotStore } from './state/snapshot-store';
import { createEraser, deleteIndexedDb } from './state/erasure';
import { createProjectState, ProjectContext } from './state/project';
import { createProjectsService } from './state/projects';
import { createSyncState, SyncContext } from './state/sync';
import { loadPairings } from './sync/pairings';
import type { SocketLike } from './sync/sync-link';
import { createSyncService } from './sync/sync-service';
import { installTheme } from './state/theme';
import './styles/index.css';

export type { ArwConsoleApi } from './console-api';

interface DirectoryPickerWindow {
  showDirectoryPicker(): Promise<FileSystemDirectoryHandle>;
}

/** Local storage, or none where reading it throws (site data disabled): the app then keeps settings for the session. */
function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

async function start(root: HTMLElement): Promise<void> {
  let journal: JournalHandle;
  try {
    journal = await openJournal();
  } catch (error) {
    // No journal at all (private window, disabled storage, a newer tab): a readable page instead of the app.
    root.textContent = '';
    render(() => <FatalScreen error={error} onReload={() => location.reload()} />, root);
    return;
  }
  const localStore = safeLocalStorage();
  const clock: Clock = { now: () => Date.now() };
  const newId = createUlidFactory(Date.now, (n) => crypto.getRandomValues(new Uint8Array(n)));
  const actor = deviceActor(localStore, newId);
  const make = createEventFactory({ actor, clock, newId });

  const models = createReadModels();
  // Read-model snapshots (SPEC §8) in the journal's meta table: a start folds only what came after.
  const stream = createStream(journal, models, { clock, snapshots: createSnapshotStore(journal.meta) });
  const health = createJournalHealth(journal);
  // Tombstones (SPEC §7): this device's copies of an erased conversation go, whoever deleted it.
  createEraser({ journal, deleteDatabase: deleteIndexedDb, onError: health.report });
  // Background facts (loads, downloads, worker health): a failed write shows in the journal banner.
  const record = createRecorder(journal, health.report);
  const pwa = createPwaState();
  // The inference and web-llm workers, the model servers and Chat's model status (state/model-services.ts).
  const { runtime, webllm, router, servers, model, modelStore } = createModelServices({
    journal,
    make,
    record,
    localStore,
    newId,
    recentEvents: stream.recentEvents,
  });

  // Storage health, the vault and "Delete all my data" (state/data-services.ts).
  const { storage, vault, deleteAll } = createDataServices({
    journal,
    localStore,
    models: modelStore,
    closeApp: () => {
      sync.stop();
      collab.dispose();
      journal.close();
    },
  });
  // Only asks whether storage is persistent; persistence is requested from the
  // Settings button or the Hub hint, with the reason next to it.
  void storage.refresh();

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
    // Pairing asks the server first; a link that keeps failing asks whether the token was refused.
    fetch: (url, init) => fetch(url, init),
  });
  const project = createProjectState(localStore);
  // Cedar policies (shipped, mine, the projects') from the journal: Cedar decides with this list.
  const policyStore = createPolicyStore({
    journal,
    recentEvents: stream.recentEvents,
    make,
    validate: (text) => policy.validatePolicy(text),
    onError: health.report,
  });
  // Leases and the never-list, folded from the journal and kept live from the one stream.
  const policy = createPolicyService({
    journal,
    stream,
    make,
    clock,
    newId,
    actor,
    project: project.current,
    policies: policyStore.list,
    policiesReady: policyStore.ready,
    // Cedar sees the built-in tools and the installed recipes' plugin tools, and each recipe's version.
    tools: recipeToolRegistry(() => recipes?.list()),
    agentVersion: recipeVersionOf(() => recipes?.list()),
    onError: health.report,
  });
  let recipes: RecipesService | undefined;
  const activeAgent = createActiveAgent({ resolve: (id) => recipes?.get(id) });
  // Chat's conversations in the current project; the open one picks the shared thread and the agent.
  const conversations = createConversations({
    journal,
    recentEvents: stream.recentEvents,
    make,
    newId,
    project: project.current,
    setProject: project.set,
    modelId: () => model.info()?.id,
    activeAgent,
    recipe: (id) => recipes?.get(id),
    onError: health.report,
  });
  // Closing the page inside a deletion's Undo window deletes it (as the toast said it would).
  window.addEventListener('pagehide', () => void Promise.all([conversations.flush(), policyStore.flush()]));
  // The current project's shared thread (Yjs), when the project is paired with a server.
  const collab = createCollab({
    project: project.current,
    conversation: conversations.current,
    selected: stream.selectedCorrId,
    sync,
    loadPairings: () => loadPairings(journal.meta),
    actor,
    store: localStore,
    events: window,
    isOnline: () => navigator.onLine,
    newId,
  });
  // Local and shared projects, folded from the journal and the pairings (Hub creates, renames, archives, shares).
  const projects = createProjectsService({
    journal,
    recentEvents: stream.recentEvents,
    make,
    sync,
    loadPairings: () => loadPairings(journal.meta),
    fetch: (url, init) => fetch(url, init),
    onError: health.report,
  });
  // Installed recipes, folded from the journal; a launch makes one Chat's active agent.
  recipes = createRecipesService({
    journal,
    recentEvents: stream.recentEvents,
    make,
    newId,
    fetch: (url, init) => fetch(url, init),
    base: document.baseURI,
    registry: { capability: toolCapability },
    currentProject: project.current,
    setProject: project.set,
    chooseModel: modelPickerFor(model),
    activeAgent,
    // A launch opens Chat on the recipe's new conversation.
    openChat: () => {
      const agent = activeAgent.agent();
      if (agent.id === 'chat') location.hash = routeHref('chat');
      else conversations.open(agent.conversationId);
    },
    attachInDoc: docAttacher({ current: project.current, setProject: project.set, doc: collab.projectDoc }),
    onError: health.report,
  });

  const { runChat, folders } = createAgents({
    model: router,
    make,
    emit: async (events) => void (await journal.appendBatch(events)),
    clock,
    newId,
    journal,
    projectDoc: collab.projectDoc,
    policy,
    activeAgent,
    modelId: () => model.info()?.id,
    batching: () => runtime.governor.params().tokenBatch,
    project: project.current,
    onSettled: () => void model.refreshStats(),
    storage: navigator.storage,
    ...('showDirectoryPicker' in window
      ? { showDirectoryPicker: () => (window as unknown as DirectoryPickerWindow).showDirectoryPicker() }
      : {}),
  });

  window.arw = {
    journal,
    stream,
    make,
    version: APP_VERSION,
    sync,
    project,
    models: modelStore,
    collab: collabConsole(collab),
    webllm,
    servers,
    runtime,
    policy,
    policies: createPolicyServices(policyStore, policy),
    recipes,
    conversations,
    projects,
    vault,
    deleteAll,
  };

  root.textContent = '';
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
              policy={policy}
              recipes={recipes}
              conversations={conversations}
              projects={projects}
              folders={folders}
              activeAgent={activeAgent}
              agent={CHAT_AGENT}
              newId={newId}
              runEpisode={collab.wrapRun(runChat)}
            />
          </CollabContext.Provider>
        </ProjectContext.Provider>
      </SyncContext.Provider>
    ),
    root,
  );
}

// The theme before anything renders (the journal opens first), so the first frame has its colours.
installTheme(window, safeLocalStorage());
const root = document.getElementById('root');
if (root) void start(root);
