/**
 * Settings → Server: polls a sync server's admin endpoints (route latency series,
 * recent events, health) every few seconds while the page is open. The admin token
 * is kept for this tab only unless the person chooses to remember it on this device.
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { RouteSeries } from '../../core/metrics/route-stats';

export interface RecentServerEvent {
  id: string;
  time: string;
  kind: string;
  project_id?: string;
  server_seq: number;
}

export interface ServerHealth {
  ok: boolean;
  version: string;
  nats: { state: string };
}

export interface ServerStatus {
  url: Accessor<string>;
  token: Accessor<string>;
  remember: Accessor<boolean>;
  configure(url: string, token: string, remember: boolean): void;
  routes: Accessor<RouteSeries[]>;
  events: Accessor<RecentServerEvent[]>;
  health: Accessor<ServerHealth | undefined>;
  /** Plain words for the last failure, or undefined when the last poll worked. */
  error: Accessor<string | undefined>;
  updatedAt: Accessor<number | undefined>;
  /** Starts polling (every `intervalMs`); stops on the owner's cleanup. */
  start(intervalMs?: number): void;
}

const KEY = 'arw:server-status';

interface Stored {
  url: string;
  token: string;
}

function load(local: Storage | undefined, session: Storage | undefined): Stored & { remember: boolean } {
  for (const [store, remember] of [[session, false], [local, true]] as const) {
    try {
      const raw = store?.getItem(KEY);
      if (raw) return { ...(JSON.parse(raw) as Stored), remember };
    } catch {
      // unreadable: fall through to defaults
    }
  }
  return { url: '', token: '', remember: false };
}

/** Explains a failed request in words a person can act on. */
export function describeFailure(status: number | undefined, url: string): string {
  if (status === undefined) return `Could not reach ${url}. Is the server running, and is this address right?`;
  if (status === 401) return 'The server did not accept the admin token (missing, wrong, revoked or expired).';
  if (status === 403) return 'The token is valid but lacks the admin:metrics scope, or a gating key denies it.';
  if (status === 429) return 'The server is rate-limiting these requests; the page will try again.';
  return `The server answered ${status}.`;
}

export function createServerStatus(options: { origin: string; local?: Storage; session?: Storage; fetch?: typeof fetch }): ServerStatus {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const stored = load(options.local, options.session);
  const [url, setUrl] = createSignal(stored.url || options.origin);
  const [token, setToken] = createSignal(stored.token);
  const [remember, setRemember] = createSignal(stored.remember);
  const [routes, setRoutes] = createSignal<RouteSeries[]>([]);
  const [events, setEvents] = createSignal<RecentServerEvent[]>([]);
  const [health, setHealth] = createSignal<ServerHealth>();
  const [error, setError] = createSignal<string>();
  const [updatedAt, setUpdatedAt] = createSignal<number>();

  async function getJson<T>(path: string, auth: boolean): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(new URL(path, url()).toString(), { headers: auth ? { authorization: `Bearer ${token()}` } : {} });
    } catch {
      throw new Error(describeFailure(undefined, url()));
    }
    if (!res.ok) throw new Error(describeFailure(res.status, url()));
    return (await res.json()) as T;
  }

  async function poll(): Promise<void> {
    try {
      setHealth(await getJson<ServerHealth>('/healthz', false));
      if (!token()) {
        setError('Enter an admin token with the admin:metrics scope to see route metrics and events.');
        return;
      }
      const [stats, tail] = await Promise.all([
        getJson<{ routes: RouteSeries[] }>('/admin/metrics/routes', true),
        getJson<{ items: RecentServerEvent[] }>('/events/tail?n=20', true),
      ]);
      setRoutes(stats.routes);
      setEvents([...tail.items].reverse());
      setError(undefined);
      setUpdatedAt(Date.now());
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  return {
    url,
    token,
    remember,
    configure(nextUrl, nextToken, keep) {
      setUrl(nextUrl.trim() || options.origin);
      setToken(nextToken.trim());
      setRemember(keep);
      const value = JSON.stringify({ url: url(), token: token() });
      options.session?.setItem(KEY, value);
      if (keep) options.local?.setItem(KEY, value);
      else options.local?.removeItem(KEY);
      void poll();
    },
    routes,
    events,
    health,
    error,
    updatedAt,
    start(intervalMs = 5000) {
      void poll();
      const timer = setInterval(() => void poll(), intervalMs);
      onCleanup(() => clearInterval(timer));
    },
  };
}
