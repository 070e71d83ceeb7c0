/**
 * The sync service as Solid accessors for the views: every link's state (from the
 * leader tab), the status-bar summary, and the links that have been failing for 30 s
 * while the browser is online (the banner). Actions go straight to the service.
 */
import { createContext, createMemo, createSignal, onCleanup, useContext, type Accessor } from 'solid-js';
import { failingLinks, summarize } from '../sync/describe';
import type { SyncService } from '../sync/sync-service';
import type { LinkState } from '../sync/types';

export interface SyncState {
  links: Accessor<LinkState[]>;
  /** This tab runs the sockets (the others mirror it). */
  leader: Accessor<boolean>;
  summary: Accessor<ReturnType<typeof summarize>>;
  /** Links to show in the "sync is failing" banner. */
  failing: Accessor<LinkState[]>;
  online: Accessor<boolean>;
  service: SyncService;
}

/** Call inside a reactive root; `now` is a ticking clock accessor (the stream's). */
export function createSyncState(service: SyncService, options: { now: Accessor<number>; window?: Window }): SyncState {
  const [snapshot, setSnapshot] = createSignal(service.snapshot());
  onCleanup(service.subscribe(setSnapshot));
  const win = options.window;
  const [online, setOnline] = createSignal(win ? win.navigator.onLine : true);
  if (win) {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    win.addEventListener('online', on);
    win.addEventListener('offline', off);
    onCleanup(() => (win.removeEventListener('online', on), win.removeEventListener('offline', off)));
  }
  const links = () => snapshot().links;
  return {
    links,
    leader: () => snapshot().leader,
    summary: createMemo(() => summarize(links())),
    failing: createMemo(() => failingLinks(links(), options.now(), online())),
    online,
    service,
  };
}

export const SyncContext = createContext<SyncState>();

export function useSync(): SyncState {
  const sync = useContext(SyncContext);
  if (!sync) throw new Error('useSync() outside <SyncContext.Provider>');
  return sync;
}
