/**
 * Whether a pairing's token covers a project, asked of the server before the project is
 * added to the pairing: `GET /events/tail?n=1&project=<id>` passes the same token and
 * project checks as the sync socket (401 unknown token, 403 a project outside the
 * token's scope). Only answers in plain words; never stores anything.
 */
import type { Pairing } from './types';

export type ProjectAccess =
  { ok: true } | { ok: false; reason: 'not-covered' | 'refused' | 'unreachable' | 'other'; message: string };

export type FetchLike = (url: string, init: { headers: Record<string, string> }) => Promise<Response>;

/** `127.0.0.1:8787` for `http://127.0.0.1:8787`: how people tell their servers apart. */
export function serverLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

async function problemDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown };
    return typeof body.detail === 'string' ? body.detail : '';
  } catch {
    return '';
  }
}

/** Asks `pairing`'s server whether its token reaches `project` (named `name` in the sentences). */
export async function checkProjectAccess(
  pairing: Pick<Pairing, 'url' | 'token'>,
  project: { id: string; name: string },
  fetchFn: FetchLike,
): Promise<ProjectAccess> {
  const server = serverLabel(pairing.url);
  const url = `${pairing.url.replace(/\/+$/, '')}/events/tail?n=1&project=${encodeURIComponent(project.id)}`;
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { authorization: `Bearer ${pairing.token}` } });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'unreachable',
      message: `Could not reach ${server} to check its token (${why}); project ${project.name} was not shared.`,
    };
  }
  if (response.ok) return { ok: true };
  const detail = await problemDetail(response);
  if (response.status === 401)
    return {
      ok: false,
      reason: 'refused',
      message: `${server} refused this device's token; pair again in Settings → Devices with a token it knows.`,
    };
  if (response.status === 403 && /project/.test(detail))
    return {
      ok: false,
      reason: 'not-covered',
      message: `${server}'s token does not cover project ${project.name}; ask its admin for a token that includes it (project id ${project.id}).`,
    };
  return {
    ok: false,
    reason: 'other',
    message: `${server} answered ${response.status}${detail ? ` (${detail})` : ''}; project ${project.name} was not shared.`,
  };
}

/**
 * The project a link's server last refused (`sync-project-forbidden`, "… project 'x'"):
 * the pairing lists it but the token does not cover it, so it is not really shared.
 */
export function refusedProject(link: {
  lastError?: { code: string; detail?: string } | undefined;
}): string | undefined {
  if (link.lastError?.code !== 'sync-project-forbidden') return undefined;
  return /project '([^']+)'/.exec(link.lastError.detail ?? '')?.[1];
}
