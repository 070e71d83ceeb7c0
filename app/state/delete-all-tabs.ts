/**
 * "Delete all my data" with more than one tab open (issue 13 item 4). The deleting tab
 * tells every other tab of this origin on the BroadcastChannel `arw.data`
 * (`{kind: 'deleted-all'}`); each stops its sync, Yjs and journal, which closes its
 * IndexedDB connections (an open one holds up deleteDatabase), waits for the deletion to
 * be over and reloads into the welcome. Web Locks carry both waits, so no tab guesses
 * with a timer, and a tab that crashes or closes lets go by itself:
 * - every running tab holds `arw.data.open` shared and lets go once its connections are
 *   closed; the deleting tab asks for it exclusively, granted when all others have;
 * - the deleting tab holds `arw.data.deleting` from before the message until the
 *   deletion is done; the others queue for it and reload once it is granted.
 * Meanwhile (and for good where there are no Web Locks) they show a blocking notice.
 */

export const DATA_CHANNEL = 'arw.data';
export const OPEN_LOCK = 'arw.data.open';
export const DELETING_LOCK = 'arw.data.deleting';

export interface DataMessage {
  kind: 'deleted-all';
}

export interface TabLocks {
  request(
    name: string,
    options: { mode?: 'shared' | 'exclusive'; signal?: AbortSignal },
    callback: () => Promise<unknown>,
  ): Promise<unknown>;
}

export interface DataChannelLike {
  postMessage(message: DataMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** The deleting tab's side, in the order deleteAllData calls it. */
export interface OtherTabs {
  /** Takes the deleting lock, then tells every other tab; runs before this tab closes its own connections. */
  tell(): Promise<void>;
  /** Lets go of this tab's hold and resolves once every other tab closed its connections, or after `waitMs`. */
  closed(waitMs: number): Promise<void>;
  /** The deletion is over (done or failed): the other tabs reload now. */
  done(): void;
}

export interface DeletionTabsDeps {
  channel: DataChannelLike | undefined;
  locks: TabLocks | undefined;
  /** This tab's stop: sync, Yjs providers, the journal. */
  closeApp(): void | Promise<void>;
  /** Reloads into the welcome. */
  restart(): void;
  /** Covers the app with "deleted in another tab" and a Reload button that calls `reload`. */
  showNotice(reload: () => void): void;
}

interface Hold {
  granted: Promise<void>;
  release(): void;
}

/** Asks for a lock and keeps it until `release()`; a release before the grant lets go at once. */
function hold(locks: TabLocks, name: string, mode: 'shared' | 'exclusive'): Hold {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let grant!: () => void;
  const granted = new Promise<void>((resolve) => (grant = resolve));
  locks
    .request(name, { mode }, () => {
      grant();
      return released;
    })
    .catch(grant);
  return { granted, release };
}

/** Joins this tab to the others: listens for a deletion elsewhere and returns this tab's side of one. */
export function createDeletionTabs(deps: DeletionTabsDeps): OtherTabs {
  const { locks, channel } = deps;
  const own = locks ? hold(locks, OPEN_LOCK, 'shared') : undefined;
  let deleting: Hold | undefined;
  // One deletion at a time per tab: the one it runs or the one it was told about.
  let busy = false;

  // Granted once the deleting tab is done or gone; without locks there is nothing to wait on.
  const deletionOver = () => (locks ? locks.request(DELETING_LOCK, {}, async () => undefined) : Promise.resolve());

  const stopForDeletion = async () => {
    try {
      await deps.closeApp();
    } catch {
      // What stays open is the deleting tab's to report (it waits, then names the database).
    }
    own?.release();
    let reloading = false;
    const reload = () => {
      if (reloading) return;
      reloading = true;
      // Not before the deletion is over: a journal opened now would be deleted under the new page.
      void deletionOver().then(() => deps.restart());
    };
    deps.showNotice(reload);
    if (locks) reload();
  };

  channel?.addEventListener('message', (event) => {
    if ((event.data as Partial<DataMessage> | null)?.kind !== 'deleted-all' || busy) return;
    busy = true;
    void stopForDeletion();
  });

  return {
    async tell() {
      busy = true;
      if (locks) {
        deleting = hold(locks, DELETING_LOCK, 'exclusive');
        await deleting.granted;
      }
      channel?.postMessage({ kind: 'deleted-all' });
    },
    async closed(waitMs) {
      own?.release();
      if (!locks) return;
      try {
        await locks.request(
          OPEN_LOCK,
          { mode: 'exclusive', signal: AbortSignal.timeout(waitMs) },
          async () => undefined,
        );
      } catch {
        // Not every tab let go in time (an older version of the app, a stuck tab): deleteDatabase
        // still asks their connections to close and reports the databases that stay open.
      }
    },
    done() {
      deleting?.release();
    },
  };
}
