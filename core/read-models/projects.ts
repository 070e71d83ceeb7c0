/**
 * The projects read-model: a fold over `projects.created`, `projects.renamed` and
 * `projects.archived` (the project is the envelope's `project_id`), joined with the
 * projects that pairings share. Per project only the earliest creation, the newest
 * rename and the newest archive change are kept (by time, then id), so the fold gives
 * the same state in any order and with duplicates. Pure.
 */
import type { EventEnvelope } from '../../spec';
import { compareEvents, type Ordered } from './order';
import type { ReadModel } from './types';

/** One project as Hub and the pickers list it. */
export interface ProjectInfo {
  id: string;
  /** The newest rename, else the name it was created with, else the id. */
  name: string;
  archived: boolean;
  /** Time of its `projects.created` (absent for projects known only from a pairing). */
  created?: string;
  /** Labels of the paired servers that share it (e.g. `127.0.0.1:8787`), sorted. */
  shared: string[];
}

/** A paired server as the join needs it: its label and the projects it shares. */
export interface SharingServer {
  label: string;
  projects: readonly string[];
  /** Projects the pairing lists but the server refused (its token does not cover them): listed, not shared. */
  refused?: readonly string[];
}

interface Slot {
  created?: Ordered & { name: string };
  renamed?: Ordered & { name: string };
  archived?: Ordered & { archived: boolean };
}

export interface ProjectsState {
  readonly slots: Map<string, Slot>;
}

const newer = (candidate: Ordered, current: Ordered | undefined) =>
  current === undefined || compareEvents(candidate, current) > 0;

const PROJECT_KINDS = new Set(['projects.created', 'projects.renamed', 'projects.archived']);

/** True for the kinds this fold reads. */
export const isProjectEvent = (event: Pick<EventEnvelope, 'kind'>): boolean => PROJECT_KINDS.has(event.kind);

function slotOf(state: ProjectsState, id: string): Slot {
  let slot = state.slots.get(id);
  if (slot === undefined) state.slots.set(id, (slot = {}));
  return slot;
}

function apply(state: ProjectsState, event: EventEnvelope): ProjectsState {
  const id = event.project_id;
  if (id === undefined || !PROJECT_KINDS.has(event.kind)) return state;
  const at = { time: event.time, id: event.id };
  const name = event.payload['name'];
  const archived = event.payload['archived'];
  if (event.kind === 'projects.created' && typeof name === 'string') {
    const slot = slotOf(state, id);
    // The earliest creation wins: two devices creating one id agree on its first name.
    if (slot.created === undefined || compareEvents(at, slot.created) < 0) slot.created = { ...at, name };
  } else if (event.kind === 'projects.renamed' && typeof name === 'string') {
    const slot = slotOf(state, id);
    if (newer(at, slot.renamed)) slot.renamed = { ...at, name };
  } else if (event.kind === 'projects.archived' && typeof archived === 'boolean') {
    const slot = slotOf(state, id);
    if (newer(at, slot.archived)) slot.archived = { ...at, archived };
  }
  return state;
}

const byName = (a: ProjectInfo, b: ProjectInfo) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every project known from events or shared by a server, sorted by name (then id).
 * A project known only from a pairing is listed by its id, not archived; a refused one is
 * listed and not shared by that server.
 */
export function listProjects(state: ProjectsState, servers: readonly SharingServer[] = []): ProjectInfo[] {
  const shared = new Map<string, Set<string>>();
  for (const server of servers)
    for (const project of server.projects) {
      let labels = shared.get(project);
      if (labels === undefined) shared.set(project, (labels = new Set()));
      labels.add(server.label);
    }
  const ids = new Set([...state.slots.keys(), ...shared.keys(), ...servers.flatMap((server) => server.refused ?? [])]);
  const items: ProjectInfo[] = [];
  for (const id of ids) {
    const slot = state.slots.get(id) ?? {};
    items.push({
      id,
      name: slot.renamed?.name ?? slot.created?.name ?? id,
      archived: slot.archived?.archived ?? false,
      ...(slot.created ? { created: slot.created.time } : {}),
      shared: [...(shared.get(id) ?? [])].sort(),
    });
  }
  return items.sort(byName);
}

/** The `projects` read-model over events alone (no pairings: every `shared` is empty). */
export function createProjectsModel(): ReadModel<ProjectsState, ProjectInfo[]> {
  return {
    id: 'projects',
    init: () => ({ slots: new Map() }),
    apply,
    view: (state) => listProjects(state),
  };
}
