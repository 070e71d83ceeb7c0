/**
 * Asks a sync server whether a pairing would work before anything is saved, and why
 * not: is it an ARW server at all (`/healthz`), does it know the token (401), does
 * the token reach each project (`/events/tail?n=1&project=`, the same `events:read`
 * gate as `WS /sync`). Also used by a link whose socket keeps failing, to tell a
 * refused token from an outage. Answers are catalogue notes, never sentences.
 */
import { messageOf, note, type ErrorNote } from '../../core/errors';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** A server that has not answered by then is treated as unreachable. */
export const CHECK_TIMEOUT_MS = 8000;

/** What the server said about a token and one project. */
export type AccessVerdict =
  | { kind: 'ok' }
  /** 401: the server does not accept the token (unknown, revoked, expired). */
  | { kind: 'refused'; detail: string }
  /** 403: the token does not reach this project. */
  | { kind: 'not-covered'; project: string; detail: string }
  /** 403: the token lacks the scope, or a gating key denies reading. */
  | { kind: 'scope-missing'; detail: string }
  | { kind: 'rate-limited'; detail: string }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'not-arw'; detail: string };

/** The HTTP base of a pairing URL (a `ws:`/`wss:` address speaks `http:`/`https:`). */
export function httpBase(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

async function request(fetch: FetchLike, url: string, token?: string): Promise<Response | { failed: string }> {
  try {
    return await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      cache: 'no-store',
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { failed: timedOut ? `no answer within ${CHECK_TIMEOUT_MS / 1000} s` : messageOf(error) };
  }
}

async function problemOf(response: Response): Promise<{ code?: string; detail?: string }> {
  try {
    const body = (await response.json()) as { code?: unknown; detail?: unknown };
    return {
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
    };
  } catch {
    return {};
  }
}

/** Whether `base` answers `/healthz` as an ARW sync server does (`{ok, version, nats: {state}}`). */
export async function checkServer(base: string, fetch: FetchLike): Promise<AccessVerdict> {
  const response = await request(fetch, `${base}/healthz`);
  if ('failed' in response) return { kind: 'unreachable', detail: `${base}: ${response.failed}` };
  let body: { ok?: unknown; version?: unknown; nats?: { state?: unknown } } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const ours =
    typeof body?.ok === 'boolean' && typeof body.version === 'string' && typeof body.nats?.state === 'string';
  if (!ours) {
    const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
    return { kind: 'not-arw', detail: `${base}/healthz answered ${response.status} (${type})` };
  }
  return { kind: 'ok' };
}

/** What the server says about `token` reading `project`'s events. */
export async function projectVerdict(
  base: string,
  token: string,
  project: string,
  fetch: FetchLike,
): Promise<AccessVerdict> {
  const response = await request(fetch, `${base}/events/tail?n=1&project=${encodeURIComponent(project)}`, token);
  if ('failed' in response) return { kind: 'unreachable', detail: `${base}: ${response.failed}` };
  if (response.ok) return { kind: 'ok' };
  const problem = await problemOf(response);
  const detail = problem.detail ?? `HTTP ${response.status}`;
  if (response.status === 401) return { kind: 'refused', detail };
  if (response.status === 429) {
    const after = response.headers.get('retry-after');
    return { kind: 'rate-limited', detail: after ? `try again in ${after} s` : detail };
  }
  if (response.status === 403) {
    // The gate checks the scope before the project (sync-server/auth/access.ts), so "lacks the scope" comes first.
    if (problem.code === 'gated' || /scope/.test(detail)) return { kind: 'scope-missing', detail };
    return { kind: 'not-covered', project, detail };
  }
  if (response.status === 404) return { kind: 'not-arw', detail: `${base}/events/tail answered 404` };
  return { kind: 'unreachable', detail: `${base} answered ${response.status}: ${detail}` };
}

export type PairingCheck = { ok: true } | { ok: false; problem: ErrorNote };

/**
 * Checks a parsed pairing against its server: the server first, then every project
 * (all of them, so one answer names every project the token does not cover).
 */
export async function checkPairing(
  pairing: { url: string; token: string; projects: readonly string[] },
  fetch: FetchLike,
): Promise<PairingCheck> {
  const base = httpBase(pairing.url);
  const server = await checkServer(base, fetch);
  if (server.kind !== 'ok') return { ok: false, problem: pairingProblem(server) };
  const uncovered: string[] = [];
  for (const project of pairing.projects) {
    const verdict = await projectVerdict(base, pairing.token, project, fetch);
    if (verdict.kind === 'not-covered') uncovered.push(project);
    else if (verdict.kind !== 'ok') return { ok: false, problem: pairingProblem(verdict) };
  }
  if (uncovered.length > 0)
    return {
      ok: false,
      problem: note('pair-project-not-covered', `this token does not cover project ${uncovered.join(', ')}`),
    };
  return { ok: true };
}

/** The catalogue note for a verdict that stops a pairing. */
export function pairingProblem(verdict: Exclude<AccessVerdict, { kind: 'ok' }>): ErrorNote {
  switch (verdict.kind) {
    case 'refused':
      return note('pair-token-refused', verdict.detail);
    case 'not-covered':
      return note('pair-project-not-covered', `this token does not cover project ${verdict.project}`);
    case 'scope-missing':
      return note('pair-token-scope-missing', verdict.detail);
    case 'rate-limited':
      return note('pair-rate-limited', verdict.detail);
    case 'unreachable':
      return note('pair-server-unreachable', `could not reach ${verdict.detail}`);
    case 'not-arw':
      return note('pair-not-arw-server', verdict.detail);
  }
}

/**
 * For a link whose socket failed before the handshake: the note that says the server
 * positively refuses this pairing (token unknown, or a project it does not reach), so
 * the link stops instead of retrying; undefined when it may be an outage.
 */
export async function refusalOf(
  pairing: { url: string; token: string; projects: readonly string[] },
  fetch: FetchLike,
): Promise<ErrorNote | undefined> {
  const base = httpBase(pairing.url);
  for (const project of pairing.projects) {
    const verdict = await projectVerdict(base, pairing.token, project, fetch);
    if (verdict.kind === 'refused') return note('sync-token-refused-stopped', verdict.detail);
    if (verdict.kind === 'not-covered') return note('sync-project-forbidden', verdict.detail);
    if (verdict.kind !== 'ok') return undefined;
  }
  return undefined;
}
