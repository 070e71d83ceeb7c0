/**
 * Plain words for what went wrong with a sync link (STYLE: what a person reads comes
 * from one module). Close codes are spec/sync-protocol.ts SYNC_CLOSE.
 */
import { SYNC_CLOSE } from '../../spec/sync-protocol';
import type { LinkPhase, LinkState } from './types';

export const NOT_UNDERSTOOD = 'The server sent a message this app does not understand: the server or the app may need an update.';
export const UPDATE_THE_APP = 'The sync server does not support this version of the app: update the app.';

/** Why a socket closed, as a sentence; `welcomed` = the handshake had succeeded. */
export function describeClose(code: number, reason: string, welcomed: boolean): string {
  if (code === SYNC_CLOSE.upgradeRequired) return reason ? `${UPDATE_THE_APP} (${reason})` : UPDATE_THE_APP;
  if (code === SYNC_CLOSE.unauthorized || code === SYNC_CLOSE.forbidden) return 'The server refused the sync token: ask for a new one and pair again.';
  if (code === SYNC_CLOSE.tooBig) return 'The server refused a message as too large.';
  if (code === SYNC_CLOSE.badMessage) return `The server closed the connection: ${reason || 'it did not understand a message'}.`;
  if (code === 1011) return 'The server could not store events; they will be sent again.';
  if (welcomed) return 'The connection to the server was lost; reconnecting.';
  return 'Could not reach the server (it may be down or unreachable, or it refused the sync token).';
}

/** Events the server refused, with their field issues. */
export function describeRefused(refused: readonly { event: { id: string; kind: string }; issues: readonly { path: string; message: string }[] }[]): string {
  const first = refused[0]!;
  const issues = first.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
  return `The server refused ${first.event.kind} ${first.event.id}${more}: ${issues}`;
}

export const PHASE_WORDS: Record<LinkPhase, string> = {
  connecting: 'connecting…',
  syncing: 'catching up…',
  live: 'in sync',
  waiting: 'disconnected, retrying',
  offline: 'offline — will sync when back online',
  incompatible: 'update the app',
  stopped: 'stopped',
};

/** One line for the status bar, over every paired server. */
export function summarize(links: readonly LinkState[]): { text: string; tone: 'ok' | 'warn' | 'error' | 'muted' } {
  if (links.length === 0) return { text: 'local only — no server paired', tone: 'muted' };
  const pending = links.reduce((sum, link) => sum + link.pending, 0);
  const waiting = pending > 0 ? ` · ${pending} to send` : '';
  if (links.some((link) => link.phase === 'incompatible')) return { text: `sync: update the app${waiting}`, tone: 'error' };
  if (links.every((link) => link.phase === 'live')) return { text: `sync: in sync${waiting}`, tone: 'ok' };
  const worst = links.find((link) => link.phase !== 'live')!;
  return { text: `sync: ${PHASE_WORDS[worst.phase]}${waiting}`, tone: worst.phase === 'waiting' ? 'warn' : 'muted' };
}

/** Failing for at least `afterMs` while the browser is online: never silent (issue 3, item 7). */
export function failingLinks(links: readonly LinkState[], now: number, online: boolean, afterMs = 30_000): LinkState[] {
  return links.filter((link) => link.phase === 'incompatible' || (online && link.failingSince !== undefined && now - link.failingSince >= afterMs && link.phase !== 'live'));
}
