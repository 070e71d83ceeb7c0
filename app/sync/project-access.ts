/**
 * Whether a pairing's token covers a project, asked of the server before the project is
 * added to the pairing (token-check.ts `projectVerdict`: `GET /events/tail?n=1&project=`,
 * the same token and project checks as the sync socket). Answers in plain words that
 * name the server and the project; never stores anything.
 */
import { httpBase, projectVerdict, type FetchLike } from './token-check';
import type { Pairing } from './types';

export type { FetchLike } from './token-check';

export type ProjectAccess =
  | { ok: true }
  | {
      ok: false;
      reason: 'not-covered' | 'refused' | 'scope-missing' | 'rate-limited' | 'unreachable' | 'not-arw';
      message: string;
    };

/** `127.0.0.1:8787` for `http://127.0.0.1:8787`: how people tell their servers apart. */
export function serverLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

/** Asks `pairing`'s server whether its token reaches `project` (named `name` in the sentences). */
export async function checkProjectAccess(
  pairing: Pick<Pairing, 'url' | 'token'>,
  project: { id: string; name: string },
  fetchFn: FetchLike,
): Promise<ProjectAccess> {
  const server = serverLabel(pairing.url);
  const verdict = await projectVerdict(httpBase(pairing.url), pairing.token, project.id, fetchFn);
  const notShared = `project ${project.name} was not shared`;
  switch (verdict.kind) {
    case 'ok':
      return { ok: true };
    case 'not-covered':
      return {
        ok: false,
        reason: verdict.kind,
        message: `${server}'s token does not cover project ${project.name}; ask its admin for a token that includes it (project id ${project.id}).`,
      };
    case 'refused':
      return {
        ok: false,
        reason: verdict.kind,
        message: `${server} refused this device's token (${verdict.detail}); pair again in Settings → Devices with a token it knows.`,
      };
    case 'scope-missing':
      return {
        ok: false,
        reason: verdict.kind,
        message: `${server}'s token may not read events (${verdict.detail}); ask its admin for a sync token; ${notShared}.`,
      };
    case 'rate-limited':
      return { ok: false, reason: verdict.kind, message: `${server} asks to wait (${verdict.detail}); ${notShared}.` };
    case 'unreachable':
      return {
        ok: false,
        reason: verdict.kind,
        message: `Could not reach ${server} to check its token (${verdict.detail}); ${notShared}.`,
      };
    case 'not-arw':
      return {
        ok: false,
        reason: verdict.kind,
        message: `${server} does not answer as an ARW sync server (${verdict.detail}); ${notShared}.`,
      };
  }
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
