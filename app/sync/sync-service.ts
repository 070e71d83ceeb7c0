/**
 * The device's sync service: elects the leader tab (leader.ts); the leader runs one
 * link per paired server, wakes them when shared-project events are written (in any
 * tab), follows online/offline, and broadcasts their state; other tabs mirror it.
 * Pairing changes are saved in IndexedDB by whichever tab makes them, after the server
 * said it accepts the token for every project (token-check.ts).
 */
import { describeNote, type ErrorNote } from '../../core/errors';
import type { StoredEvent } from '../../core/journal/types';
import { electLeader, type LockManagerLike } from './leader';
import { forgetPairing, loadPairings, parsePairing, savePairings, type PairingInput } from './pairings';
import { addProjectToPairing, removeProjectFromPairing, rewindForAddedProjects } from './share-project';
import { openSyncChannel, type SyncNote } from './sync-channel';
import { createSyncLink, type SocketLike, type SyncJournal, type SyncLink } from './sync-link';
import { checkPairing, refusalOf, type FetchLike } from './token-check';
import { initialLinkState, type LinkState, type Pairing, type SyncSnapshot } from './types';

export interface SyncServiceDeps {
  journal: SyncJournal & { subscribe(listener: (events: readonly StoredEvent[]) => void): () => void };
  deviceId: string;
  appVersion?: string;
  protocol?: number;
  openSocket(url: string): SocketLike;
  locks: LockManagerLike | undefined;
  /** BroadcastChannel name shared by this device's tabs. */
  channelName: string;
  /** `online` / `offline` events (window). */
  events: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  isOnline(): boolean;
  now(): number;
  random(): number;
  newId(): string;
  /** Asks the server before a pairing is saved, and when a link fails; without it nothing is checked (unit tests). */
  fetch?: FetchLike;
}

/** A pairing that was not saved: the sentence to show, and the catalogue note when the server refused it. */
export type PairRefusal = { ok: false; error: string; problem?: ErrorNote };

export interface SyncService {
  snapshot(): SyncSnapshot;
  subscribe(listener: (snapshot: SyncSnapshot) => void): () => void;
  /** Validates the pairing, asks the server whether it accepts it, then saves it; the leader connects at once. */
  pair(input: PairingInput): Promise<{ ok: true; pairing: Pairing } | PairRefusal>;
  unpair(id: string): Promise<void>;
  /** Adds `project` to pairing `pairingId` (its older events are sent too); check the token covers it first. */
  share(pairingId: string, project: string): Promise<boolean>;
  /** Stops sharing `project` with pairing `pairingId`; `last` = its only project (unpair instead). */
  unshare(pairingId: string, project: string): Promise<'removed' | 'missing' | 'last'>;
  /** Reconnect every waiting link now. */
  retry(): void;
  isLeader(): boolean;
  stop(): void;
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const listeners = new Set<(snapshot: SyncSnapshot) => void>();
  const links = new Map<string, { pairing: Pairing; link: SyncLink }>();
  let snapshot: SyncSnapshot = { leader: false, known: false, links: [] };
  let unsubscribe = () => {};
  let reloading: Promise<void> = Promise.resolve();

  const publish = (next: SyncSnapshot) => {
    snapshot = next;
    for (const listener of [...listeners]) listener(snapshot);
  };
  const leaderStates = () => [...links.values()].map(({ link }) => link.state());
  const broadcast = () => {
    const states = leaderStates();
    publish({ leader: true, known: true, links: states });
    channel.post({ type: 'state', v: 2, links: states });
  };

  const channel = openSyncChannel(deps.channelName, (note: SyncNote) => {
    if (election.isLeader()) {
      if (note.type === 'ask') broadcast();
      else if (note.type === 'pairings-changed') reload();
      else if (note.type === 'retry') retryAll();
    } else if (note.type === 'state') publish({ leader: false, known: true, links: note.links });
  });

  const same = (a: Pairing, b: Pairing) =>
    a.url === b.url && a.token === b.token && a.projects.join('\n') === b.projects.join('\n');

  /** Brings the running links in line with the saved pairings (leader only). */
  const reload = () => {
    reloading = reloading.then(async () => {
      const pairings = await loadPairings(deps.journal.meta);
      for (const [id, entry] of links) {
        const now = pairings.find((pairing) => pairing.id === id);
        if (now && same(now, entry.pairing)) continue;
        entry.link.stop();
        links.delete(id);
        if (now)
          await rewindForAddedProjects(deps.journal, entry.pairing, now).catch((error: unknown) =>
            console.error('sync: the send position could not move back for a newly shared project', error),
          );
      }
      for (const pairing of pairings) {
        if (links.has(pairing.id)) continue;
        const fetch = deps.fetch;
        const link = createSyncLink({
          ...deps,
          pairing,
          journal: deps.journal,
          onState: broadcast,
          ...(fetch ? { checkRefusal: () => refusalOf(pairing, fetch) } : {}),
        });
        links.set(pairing.id, { pairing, link });
        await link.start().catch((error: unknown) => console.error('sync link failed to start', error));
      }
      broadcast();
    });
  };

  const retryAll = () => links.forEach(({ link }) => link.online());
  const onOnline = () => retryAll();
  const onOffline = () => links.forEach(({ link }) => link.offline());

  const lead = () => {
    unsubscribe = deps.journal.subscribe((events) => {
      for (const { pairing, link } of links.values()) {
        if (events.some((event) => event.project_id !== undefined && pairing.projects.includes(event.project_id)))
          link.kick();
      }
    });
    deps.events.addEventListener('online', onOnline);
    deps.events.addEventListener('offline', onOffline);
    reload();
  };

  const election = electLeader(lead, deps.locks);
  // Until a leader answers, show the saved pairings as connecting.
  void loadPairings(deps.journal.meta)
    .then((pairings) => {
      if (!snapshot.known) publish({ leader: false, known: false, links: pairings.map(initialLinkState) });
    })
    .catch(() => undefined);
  channel.post({ type: 'ask', v: 1 });

  const changed = () => (election.isLeader() ? reload() : channel.post({ type: 'pairings-changed', v: 1 }));

  return {
    snapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async pair(input) {
      const parsed = parsePairing(input);
      if (!parsed.ok) return parsed;
      const check = deps.fetch ? await checkPairing(parsed, deps.fetch) : ({ ok: true } as const);
      if (!check.ok) return { ok: false, error: describeNote(check.problem), problem: check.problem };
      const pairing: Pairing = {
        id: deps.newId(),
        url: parsed.url,
        token: parsed.token,
        projects: parsed.projects,
        added: new Date(deps.now()).toISOString(),
      };
      await savePairings(deps.journal.meta, [...(await loadPairings(deps.journal.meta)), pairing]);
      changed();
      return { ok: true, pairing };
    },
    async unpair(id) {
      // Stop first, so a settling link cannot write its position back after it is forgotten.
      links.get(id)?.link.stop();
      links.delete(id);
      await forgetPairing(deps.journal.meta, id);
      if (!election.isLeader())
        publish({ ...snapshot, links: snapshot.links.filter((link: LinkState) => link.pairingId !== id) });
      changed();
    },
    async share(pairingId, project) {
      const saved = await addProjectToPairing(deps.journal.meta, pairingId, project);
      if (saved) changed();
      return saved;
    },
    async unshare(pairingId, project) {
      const outcome = await removeProjectFromPairing(deps.journal.meta, pairingId, project);
      if (outcome === 'removed') changed();
      return outcome;
    },
    retry: () => (election.isLeader() ? retryAll() : channel.post({ type: 'retry', v: 1 })),
    isLeader: () => election.isLeader(),
    stop() {
      unsubscribe();
      deps.events.removeEventListener('online', onOnline);
      deps.events.removeEventListener('offline', onOffline);
      links.forEach(({ link }) => link.stop());
      links.clear();
      election.release();
      channel.close();
    },
  };
}
