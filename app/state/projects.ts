/**
 * The projects service: every project this device knows (core/read-models/projects.ts
 * over the journal's `projects.*` events, paged once at start then followed through the
 * one stream, joined with the saved pairings), and the actions Hub offers on them:
 * create, rename, archive or bring back, and share with a paired server after asking
 * that server whether the pairing's token covers the project. The journal is the only store.
 */
import { createEventFold } from './event-fold';
import { createComputed, createMemo, createRoot, createSignal, type Accessor } from 'solid-js';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { Journal, StoredEvent } from '../../core/journal/types';
import { err, ok, type Result } from '../../core/lib/result';
import { checkProjectName, deriveProjectId } from '../../core/projects/project-id';
import { createProjectsModel, isProjectEvent, listProjects, type ProjectInfo } from '../../core/read-models/projects';
import type { EventEnvelope } from '../../spec';
import { checkProjectAccess, refusedProject, serverLabel, type FetchLike } from '../sync/project-access';
import type { SyncService } from '../sync/sync-service';
import type { Pairing, SyncSnapshot } from '../sync/types';

export type { ProjectInfo } from '../../core/read-models/projects';

export interface ProjectsService {
  /** Every known project, archived ones included, by name. */
  all: Accessor<ProjectInfo[]>;
  /** The projects pickers offer: not archived. */
  active: Accessor<ProjectInfo[]>;
  get(id: string): ProjectInfo | undefined;
  /** False until every stored `projects.*` event was read. */
  loaded: Accessor<boolean>;
  /** Creates a local project (`projects.created`); the error is a sentence. */
  create(name: string): Promise<Result<ProjectInfo, string>>;
  rename(id: string, name: string): Promise<Result<void, string>>;
  setArchived(id: string, archived: boolean): Promise<Result<void, string>>;
  /** Shares the project with pairing `pairingId` once its server says the token covers it. */
  share(id: string, pairingId: string): Promise<Result<void, string>>;
  /** Stops sharing it with pairing `pairingId` (what the server has stays there). */
  unshare(id: string, pairingId: string): Promise<Result<void, string>>;
}

export interface ProjectsDeps {
  journal: Pick<Journal, 'query' | 'append'>;
  recentEvents: Accessor<readonly StoredEvent[]>;
  make: MakeEvent;
  sync: Pick<SyncService, 'snapshot' | 'subscribe' | 'share' | 'unshare'>;
  loadPairings(): Promise<Pairing[]>;
  fetch: FetchLike;
  onError(error: unknown): void;
}

export function createProjectsService(deps: ProjectsDeps): ProjectsService {
  const model = createProjectsModel();
  const state = model.init();
  const events = createEventFold(isProjectEvent, (event) => model.apply(state, event));
  const { fold, version } = events;
  const [loaded, setLoaded] = createSignal(false);
  const [links, setLinks] = createSignal<SyncSnapshot['links']>(deps.sync.snapshot().links);

  const all = createRoot(() => {
    deps.sync.subscribe((snapshot) => setLinks(snapshot.links));
    // Live events arrive through the one stream; the fold ignores ids it has seen.
    createComputed(() => fold(deps.recentEvents()));
    return createMemo(() => {
      version();
      return listProjects(
        state,
        // A project the server refused to sync is listed by the pairing but not shared.
        links().map((link) => {
          const refused = refusedProject(link);
          return {
            label: serverLabel(link.url),
            projects: link.projects.filter((project) => project !== refused),
            refused: refused === undefined ? [] : [refused],
          };
        }),
      );
    });
  });
  const active = () => all().filter((project) => !project.archived);
  const get = (id: string) => all().find((project) => project.id === id);

  events.readAll(deps.journal, ['projects.']).then(
    () => setLoaded(true),
    (error: unknown) => (deps.onError(error), setLoaded(true)),
  );

  const append = async (event: EventEnvelope) => fold([await deps.journal.append(event)]);
  const otherNames = (id?: string) => all().flatMap((project) => (project.id === id ? [] : [project.name]));
  const missing = (id: string) => `There is no project with the id “${id}” on this device.`;

  return {
    all,
    active,
    get,
    loaded,
    async create(input) {
      const name = checkProjectName(input, otherNames());
      if (!name.ok) return name;
      const id = deriveProjectId(name.value, [...all().map((project) => project.id), '~personal']);
      await append(deps.make('projects.created', { name: name.value }, { project_id: id }));
      return ok(get(id) ?? { id, name: name.value, archived: false, shared: [] });
    },
    async rename(id, input) {
      const project = get(id);
      if (!project) return err(missing(id));
      const name = checkProjectName(input, otherNames(id));
      if (!name.ok) return name;
      if (name.value !== project.name)
        await append(deps.make('projects.renamed', { name: name.value }, { project_id: id }));
      return ok(undefined);
    },
    async setArchived(id, archived) {
      const project = get(id);
      if (!project) return err(missing(id));
      if (project.archived !== archived) await append(deps.make('projects.archived', { archived }, { project_id: id }));
      return ok(undefined);
    },
    async share(id, pairingId) {
      const project = get(id);
      if (!project) return err(missing(id));
      const pairing = (await deps.loadPairings()).find((candidate) => candidate.id === pairingId);
      if (!pairing) return err('That server is no longer paired with this device (Settings → Devices).');
      if (pairing.projects.includes(id)) return ok(undefined);
      const access = await checkProjectAccess(pairing, project, deps.fetch);
      if (!access.ok) return err(access.message);
      if (!(await deps.sync.share(pairingId, id)))
        return err('That server is no longer paired with this device (Settings → Devices).');
      return ok(undefined);
    },
    async unshare(id, pairingId) {
      const pairing = (await deps.loadPairings()).find((candidate) => candidate.id === pairingId);
      const outcome = pairing ? await deps.sync.unshare(pairingId, id) : 'missing';
      if (outcome === 'missing') return err('That server is no longer paired with this device (Settings → Devices).');
      if (outcome === 'last')
        return err(
          `${get(id)?.name ?? id} is the only project ${serverLabel(pairing!.url)} shares with this device; to stop, unpair that server in Settings → Devices.`,
        );
      return ok(undefined);
    },
  };
}
