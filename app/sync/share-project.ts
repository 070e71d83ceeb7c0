/**
 * Sharing one more project with a paired server (or one fewer): the project joins the pairing's list
 * (saved in `meta`), and the pairing's send position moves back to just before the
 * project's oldest local event, so what was written before sharing is sent too. The
 * server de-duplicates by id, so events of the other projects sent again cost nothing
 * but bandwidth. The token check comes first, elsewhere (project-access.ts).
 */
import type { MetaStore } from '../db/sync-reads';
import { loadPairings, outboxKey, savePairings } from './pairings';
import type { PushSource } from './push-tracker';
import type { Pairing } from './types';

/** Adds `project` to pairing `pairingId`; false when no such pairing is saved. */
export async function addProjectToPairing(meta: MetaStore, pairingId: string, project: string): Promise<boolean> {
  const pairings = await loadPairings(meta);
  const pairing = pairings.find((candidate) => candidate.id === pairingId);
  if (!pairing) return false;
  if (pairing.projects.includes(project)) return true;
  await savePairings(
    meta,
    pairings.map((p) => (p.id === pairingId ? { ...p, projects: [...p.projects, project] } : p)),
  );
  return true;
}

/**
 * Stops sharing `project` with pairing `pairingId` (what the server has stays there);
 * `last` when it is the pairing's only project (unpairing is the way to stop that one).
 */
export async function removeProjectFromPairing(
  meta: MetaStore,
  pairingId: string,
  project: string,
): Promise<'removed' | 'missing' | 'last'> {
  const pairings = await loadPairings(meta);
  const pairing = pairings.find((candidate) => candidate.id === pairingId);
  if (!pairing) return 'missing';
  if (!pairing.projects.includes(project)) return 'removed';
  if (pairing.projects.length === 1) return 'last';
  await savePairings(
    meta,
    pairings.map((p) => (p.id === pairingId ? { ...p, projects: p.projects.filter((id) => id !== project) } : p)),
  );
  return 'removed';
}

/**
 * Once the link of `before` has stopped and before the link of `after` starts: for the
 * projects `after` shares and `before` did not, rewinds the send position so their
 * older events go out.
 */
export async function rewindForAddedProjects(
  journal: Pick<PushSource, 'projectsAfter' | 'meta'>,
  before: Pick<Pairing, 'projects'>,
  after: Pick<Pairing, 'id' | 'projects'>,
): Promise<void> {
  const added = after.projects.filter((project) => !before.projects.includes(project));
  if (added.length === 0) return;
  const [oldest] = await journal.projectsAfter(0, added, 1);
  if (!oldest) return;
  const position = await journal.meta.get<number>(outboxKey(after.id));
  if (typeof position === 'number' && position >= oldest.seq)
    await journal.meta.set(outboxKey(after.id), oldest.seq - 1);
}
