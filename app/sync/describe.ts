/**
 * What went wrong with a sync link, as catalogue codes the link state keeps (the
 * sentences come from core/errors/catalog.ts through `describeNote`), and the words of
 * the link's phases. Close codes are spec/sync-protocol.ts SYNC_CLOSE.
 */
import type { z } from 'zod';
import { describeNote, note, type ErrorNote } from '../../core/errors';
import { SYNC_CLOSE, type RejectSchema } from '../../spec/sync-protocol';
import type { LinkPhase, LinkState } from './types';

/** Why a socket closed; `welcomed` = the handshake had succeeded. The server's close reason is the detail. */
export function closeProblem(code: number, reason: string, welcomed: boolean): ErrorNote {
  if (code === SYNC_CLOSE.upgradeRequired) return note('sync-protocol-unsupported', reason);
  if (code === SYNC_CLOSE.unauthorized || code === SYNC_CLOSE.forbidden) return note('sync-token-refused', reason);
  if (code === SYNC_CLOSE.tooBig) return note('sync-message-too-large');
  if (code === SYNC_CLOSE.badMessage) return note('sync-bad-message', reason);
  if (code === 1011) return note('sync-store-failed');
  return note(welcomed ? 'sync-connection-lost' : 'sync-unreachable');
}

/**
 * The server's `reject` of our hello: its code is the catalogue's; for a protocol
 * mismatch the detail is the range the server serves (its reason repeats the sentence).
 */
export function rejectProblem(
  reject: Pick<z.infer<typeof RejectSchema>, 'code' | 'reason' | 'min_protocol' | 'max_protocol'>,
): ErrorNote {
  if (reject.code === 'bad-hello') return note(reject.code, reject.reason);
  const range =
    reject.min_protocol === reject.max_protocol
      ? `${reject.min_protocol}`
      : `${reject.min_protocol}–${reject.max_protocol}`;
  return note(reject.code, `the server serves sync protocol ${range}`);
}

/** Events the server refused: the first one named with its field issues. */
export function refusedProblem(
  refused: readonly { event: { id: string; kind: string }; issues: readonly { path: string; message: string }[] }[],
): ErrorNote {
  const first = refused[0]!;
  const issues = first.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
  return note('sync-events-refused', `${first.event.kind} ${first.event.id}${more}: ${issues}`);
}

/** The link's last problem in plain words, if it has one. */
export function linkErrorText(link: Pick<LinkState, 'lastError'>): string | undefined {
  return link.lastError ? describeNote(link.lastError) : undefined;
}

export const PHASE_WORDS: Record<LinkPhase, string> = {
  connecting: 'connecting…',
  syncing: 'catching up…',
  live: 'in sync',
  waiting: 'disconnected, retrying',
  offline: 'offline — will sync when back online',
  incompatible: 'update the app',
  refused: 'refused by the server — not retrying',
  stopped: 'stopped',
};

/** One line for the status bar, over every paired server. */
export function summarize(links: readonly LinkState[]): { text: string; tone: 'ok' | 'warn' | 'error' | 'muted' } {
  if (links.length === 0) return { text: 'local only — no server paired', tone: 'muted' };
  const pending = links.reduce((sum, link) => sum + link.pending, 0);
  const waiting = pending > 0 ? ` · ${pending} to send` : '';
  if (links.some((link) => link.phase === 'incompatible'))
    return { text: `sync: update the app${waiting}`, tone: 'error' };
  if (links.some((link) => link.phase === 'refused'))
    return { text: `sync: refused by the server${waiting}`, tone: 'error' };
  if (links.every((link) => link.phase === 'live')) return { text: `sync: in sync${waiting}`, tone: 'ok' };
  const worst = links.find((link) => link.phase !== 'live')!;
  return { text: `sync: ${PHASE_WORDS[worst.phase]}${waiting}`, tone: worst.phase === 'waiting' ? 'warn' : 'muted' };
}

/** Failing for at least `afterMs` while the browser is online: never silent (issue 3, item 7). */
export function failingLinks(links: readonly LinkState[], now: number, online: boolean, afterMs = 30_000): LinkState[] {
  return links.filter(
    (link) =>
      link.phase === 'incompatible' ||
      link.phase === 'refused' ||
      (online && link.failingSince !== undefined && now - link.failingSince >= afterMs && link.phase !== 'live'),
  );
}
