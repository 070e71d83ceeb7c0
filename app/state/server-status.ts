/**
 * Settings → Server: polls a sync server's admin endpoints (route latency series,
 * recent events, health) every few seconds while the page is open. The admin token
 * is kept for this tab only unless the person chooses to remember it on this device.
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { AppError, messageOf, note, noteOf, type ErrorNote } from '../../core/errors';
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
  /** The last failure as a catalogue code (render with `describeNote`), or undefined when the last poll worked. */
  error: Accessor<ErrorNote | undefined>;
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
  for (const [store, remember] of [
    [session, false],
    [local, true],
  ] as const) {
    try {
      const raw = store?.getItem(KEY);
      if (raw) return { ...(JSON.parse(raw) as Stored), remember };
    } catch {
      // unreadable: fall through to defaults
    }
  }
  return { url: '', token: '', remember: false };
}

/** The code for a failed request (`status` undefined: no answer at all, `reason` the browser's words), with what it does not say. */
export function failureProblem(status: number | undefined, url: string, reason?: string): ErrorNote {
  if (status === undefined) return note('server-unreachable', reason ? `could not reach ${url}: ${reason}` : url);
  if (status === 401) return note('server-admin-token-refused');
  if (status === 403) return note('server-admin-scope-missing');
  if (status === 429) return note('rate-limited');
  return note('server-answered-error', `HTTP ${status}`);
}

const failure = (problem: ErrorNote) => new AppError(problem.code, problem.detail ?? '');

export function createServerStatus(options: {
  origin: string;
  local?: Storage;
  session?: Storage;
  fetch?: typeof fetch;
}): ServerStatus {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const stored = load(options.local, options.session);
  const [url, setUrl] = createSignal(stored.url || options.origin);
  const [token, setToken] = createSignal(stored.token);
  const [remember, setRemember] = createSignal(stored.remember);
  const [routes, setRoutes] = createSignal<RouteSeries[]>([]);
  const [events, setEvents] = createSignal<RecentServerEvent[]>([]);
  const [health, setHealth] = createSignal<ServerHealth>();
  const [error, setError] = createSignal<ErrorNote>();
  const [updatedAt, setUpdatedAt] = createSignal<number>();

  async function getJson<T>(path: string, auth: boolean): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(new URL(path, url()).toString(), {
        headers: auth ? { authorization: `Bearer ${token()}` } : {},
      });
    } catch (cause) {
      throw failure(failureProblem(undefined, url(), messageOf(cause)));
    }
    // Another web server at that address: its /healthz is missing or not ours.
    const notOurs = () =>
      failure(
        note('server-not-arw', `${path} answered ${res.status} (${res.headers.get('content-type') ?? 'no type'})`),
      );
    if (res.status === 404 && path === '/healthz') throw notOurs();
    if (!res.ok) throw failure(failureProblem(res.status, url()));
    const body = (await res.json().catch(() => undefined)) as T | undefined;
    if (body === undefined || (path === '/healthz' && typeof (body as { version?: unknown }).version !== 'string'))
      throw notOurs();
    return body;
  }

  async function poll(): Promise<void> {
    try {
      setHealth(await getJson<ServerHealth>('/healthz', false));
      if (!token()) {
        setError(note('server-admin-token-needed'));
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
    } catch (cause) {
      setError(noteOf(cause));
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
