/**
 * Pairings with sync servers: parsing what a person types (URL, token, project ids),
 * the socket URL, and keeping the list in the journal's `meta` table. The token is
 * stored on this device only; it is never put into an event or sent anywhere but to
 * the server it belongs to.
 */
import type { MetaStore } from '../db/sync-reads';
import type { Pairing } from './types';

export const PAIRINGS_KEY = 'sync:pairings';
const PROJECT_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export type PairingInput = { url: string; token: string; projects: string };
export type PairingParse = { ok: true; url: string; token: string; projects: string[] } | { ok: false; error: string };

/** Checks a pairing form; errors are sentences for the person filling it in. */
export function parsePairing(input: PairingInput): PairingParse {
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    return { ok: false, error: 'The server address is not a URL (e.g. http://127.0.0.1:8787).' };
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol))
    return { ok: false, error: 'The server address must start with http:// or https://.' };
  const token = input.token.trim();
  if (token.length < 8) return { ok: false, error: 'Paste the sync token the server administrator gave you.' };
  const projects = [...new Set(input.projects.split(/[\s,]+/).filter(Boolean))];
  if (projects.length === 0) return { ok: false, error: 'Name at least one project to share (e.g. p1).' };
  const bad = projects.find((project) => !PROJECT_RE.test(project));
  if (bad) return { ok: false, error: `"${bad}" is not a project id (letters, digits, . _ : -).` };
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return { ok: true, url: base, token, projects };
}

/** The WebSocket address of a pairing's `/sync` endpoint, token in the query. */
export function syncSocketUrl(pairing: Pick<Pairing, 'url' | 'token'>): string {
  const url = new URL(pairing.url);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/sync`;
  url.search = `?token=${encodeURIComponent(pairing.token)}`;
  return url.toString();
}

/** The WebSocket base of a pairing's Yjs relay (`…/yjs`); y-websocket adds `/<doc>?token=`. */
export function yjsSocketBase(pairing: Pick<Pairing, 'url'>): string {
  const url = new URL(pairing.url);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/yjs`;
  url.search = '';
  return url.toString();
}

function isPairing(value: unknown): value is Pairing {
  const p = value as Partial<Pairing> | null;
  return (
    p !== null &&
    typeof p === 'object' &&
    typeof p.id === 'string' &&
    typeof p.url === 'string' &&
    typeof p.token === 'string' &&
    Array.isArray(p.projects)
  );
}

/** The saved pairings (rows an older or newer app wrote in another shape are ignored). */
export async function loadPairings(meta: MetaStore): Promise<Pairing[]> {
  const value = await meta.get<unknown[]>(PAIRINGS_KEY);
  return Array.isArray(value) ? value.filter(isPairing) : [];
}

export async function savePairings(meta: MetaStore, pairings: readonly Pairing[]): Promise<void> {
  await meta.set(PAIRINGS_KEY, pairings);
}

/** Removes a pairing and everything kept for it (cursors, outbox position). */
export async function forgetPairing(meta: MetaStore, id: string): Promise<void> {
  await savePairings(
    meta,
    (await loadPairings(meta)).filter((pairing) => pairing.id !== id),
  );
  for (const row of await meta.list(`sync:${id}:`)) await meta.delete(row.key);
}

/** Meta keys of one pairing's receive cursors and send position. */
export const cursorKey = (pairingId: string, project: string) => `sync:${pairingId}:cursor:${project}`;
export const outboxKey = (pairingId: string) => `sync:${pairingId}:outbox`;
