/**
 * The type of `window.arw`, the console API the composition root (`main.tsx`) sets up
 * for people and end-to-end tests.
 */
import type { CollabConsole } from './collab/collab-console';
import type { JournalHandle } from './db/journal';
import type { VaultService } from './vault/vault-service';
import type { DataDeleter } from './state/delete-all';
import type { MakeEvent } from '../core/journal/event-factory';
import type { RecipesService } from './recipes/store';
import type { ConversationsService } from './state/conversations';
import type { OpenAiServersState } from './state/openai-servers';
import type { PolicyService } from './state/policy';
import type { PolicyServices } from './policy/policy-services';
import type { ProjectState } from './state/project';
import type { ProjectsService } from './state/projects';
import type { RuntimeServices } from './state/runtime-services';
import type { Stream } from './state/stream';
import type { SyncService } from './sync/sync-service';
import type { ModelStoreClient } from './worker-clients/model-store-client';
import type { WebLlmClient } from './worker-clients/webllm-client';

/**
 * The console API, `window.arw`:
 * - `journal`: the open journal (`append`, `appendBatch`, `tail`, `query`, `scan`,
 *   `count`, `subscribe`, `status`, `lastError`, and erasure (SPEC §7): `eraseConversation(id,
 *   corrIds)`, `onErased`, `erasedEpisodes()`), e.g. `await arw.journal.tail(5)`;
 * - `stream`: the app's one subscription and its read-models as Solid accessors,
 *   e.g. `arw.stream.episodes()`, `arw.stream.recentEvents()`, `arw.stream.select(id)`;
 *   `arw.stream.start()` says how it started (`{ from: 'snapshot' | 'journal', folded, reason? }`, SPEC §8);
 * - `make(kind, payload, context?)`: builds a valid envelope as this device, e.g.
 *   `await arw.journal.append(arw.make('runtime.health', { component: 'x', state: 'ok' }))`;
 * - `version`: the app version;
 * - `sync`: the sync service (`snapshot()`, `isLeader()`, `pair({url, token, projects})`, `unpair(id)`);
 * - `project`: the current project new episodes belong to (`current()`, `set(id)`);
 * - `models`: the model store (`download(manifest)`, `pause`, `cancel`, `delete`, `list`, `storage`);
 * - `collab`: the current project's shared thread (`messages()`, `peers()`, `json()`, `stateVector()`, `setLinked(bool)`, `setName(name)`);
 * - `webllm`: the web-llm worker client (`capability()`, `list()`, `load(ref)`, `cancelLoad()`, ...), started on first use.
 * - `servers`: the OpenAI-compatible model servers (`servers()`, `save(draft, id?)`, `remove(id)`, `undo()`, `test(draft)`).
 * - `policy`: permissions (`leases()`, `nevers()`, `pending()`, `grant({capability, scope?, ttl_secs})`, `revoke(id)`, `addNever(rule)`, `removeNever(rule)`, `answer(prompt_id, answer)`, `authorize(request)`).
 * - `policies`: Cedar policies (`store.list()`, `store.save({name, text, enabled, project_id?, id?})`, `store.setEnabled(id, on)`, `store.remove(id)`, `store.undo(id)`, `store.pending()`, `store.flush()`, `validate(text)`, `simulate(request, draft?)`).
 * - `recipes`: installed recipes (`list()`, `get(id)`, `install(source, {overwrite})`, `uninstall(id)`, `launch(id, projectId)`, `attach(id, projectId)`), e.g. `await arw.recipes.install({ kind: 'url', url: '/recipes/save-page-to-notes/' })`.
 * - `projects`: local and shared projects (`all()`, `active()`, `get(id)`, `create(name)`, `rename(id, name)`, `setArchived(id, bool)`, `share(id, pairingId)`, `unshare(id, pairingId)`).
 * - `conversations`: Chat's conversations in the current project (`list()`, `current()`, `get(id)`, `create()`, `open(id)`, `rename(id, title)`, `remove(id)`, `undo(id)`, `pending()`, `flush()`, `search(text)`), e.g. `await arw.conversations.search('paris')`.
 * - `vault`: export and import of `.arwvault` files (`exportBlob({passphrase})`, `exportTo(sink, {passphrase})` (streams ~1 MiB chunks into `sink`, keeps none), `save()`, `inspect(file, passphrase)`, `importChecked()`, `cancel()`), e.g. `const { blob } = await arw.vault.exportBlob()`.
 * - `deleteAll`: "Delete all my data" without the UI's two confirmations (`run()` → what went, `restart()` reloads into the welcome).
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
  policy: PolicyService;
  policies: PolicyServices;
  recipes: RecipesService;
  conversations: ConversationsService;
  projects: ProjectsService;
  vault: VaultService;
  deleteAll: DataDeleter;
}

declare global {
  interface Window {
    arw?: ArwConsoleApi;
  }
}
