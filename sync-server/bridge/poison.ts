/**
 * Poison messages: what the bridge does with a message it can never use (it is
 * terminated, never redelivered). Each one is counted (the metrics hook); only the
 * first of each stream and reason is logged, then at most one summary line a minute,
 * so a flood of bad messages costs a counter increment each, not a log line each.
 */
import type { ServerLog } from '../log';
import type { PoisonReason } from './types';

export interface PoisonLogOptions {
  log: Pick<ServerLog, 'warn'>;
  /** Told of every terminated message (e.g. `arw_nats_poison_total`). */
  onPoison?: (stream: string, reason: PoisonReason) => void;
  now?: () => number;
  /** Least time between two log lines for one stream and reason (default 60 s). */
  summaryEveryMs?: number;
}

export interface PoisonLog {
  /** Records one poison message; `detail` says why, for the log (truncated). */
  note(stream: string, reason: PoisonReason, subject: string, detail: string): void;
  /** Terminated messages so far, per `<stream>:<reason>`. */
  counts(): Record<string, number>;
}

/** Message contents are the sender's choice: keep what reaches the log short. */
const MAX_DETAIL = 200;
const clip = (text: string) => (text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text);

export function createPoisonLog(options: PoisonLogOptions): PoisonLog {
  const now = options.now ?? Date.now;
  const every = options.summaryEveryMs ?? 60_000;
  // Keys are stream × reason, both from closed sets: this map stays tiny.
  const seen = new Map<string, { total: number; unlogged: number; loggedAt: number }>();
  return {
    note(stream, reason, subject, detail) {
      options.onPoison?.(stream, reason);
      const key = `${stream}:${reason}`;
      const entry = seen.get(key);
      if (!entry) {
        seen.set(key, { total: 1, unlogged: 0, loggedAt: now() });
        options.log.warn(
          { stream, reason, subject: clip(subject), detail: clip(detail) },
          'NATS message terminated as poison (never redelivered); later ones with this reason are counted in arw_nats_poison_total and summarized at most once a minute',
        );
        return;
      }
      entry.total += 1;
      entry.unlogged += 1;
      if (now() - entry.loggedAt < every) return;
      options.log.warn(
        { stream, reason, since_last_log: entry.unlogged, total: entry.total, last_subject: clip(subject) },
        'NATS poison messages terminated',
      );
      entry.unlogged = 0;
      entry.loggedAt = now();
    },
    counts: () => Object.fromEntries([...seen].map(([key, entry]) => [key, entry.total])),
  };
}
