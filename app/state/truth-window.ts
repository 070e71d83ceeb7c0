/**
 * The truth window (reference A.18): the live tail of raw events, newest first, with
 * a kind-prefix filter and a pause that freezes what is shown while the stream goes on.
 */
import { createMemo, createSignal, type Accessor } from 'solid-js';
import type { StoredEvent } from '../../core/journal/types';
import { kindMatchesPrefix } from '../../spec/kinds';

export const TRUTH_WINDOW_CAP = 200;

/** Comma-separated prefixes, e.g. `tool., policy.`; empty = everything. */
export function parsePrefixes(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Newest first, filtered, at most `cap`. `events` is chronological. */
export function truthRows(events: readonly StoredEvent[], prefixText: string, cap = TRUTH_WINDOW_CAP): StoredEvent[] {
  const prefixes = parsePrefixes(prefixText);
  const out: StoredEvent[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < cap; i--) {
    const event = events[i]!;
    if (kindMatchesPrefix(event.kind, prefixes)) out.push(event);
  }
  return out;
}

/** Compact one-line JSON of the payload, cut for the row. */
export function compactJson(value: unknown, max = 240): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface TruthWindowState {
  rows: Accessor<StoredEvent[]>;
  paused: Accessor<boolean>;
  setPaused(paused: boolean): void;
  prefix: Accessor<string>;
  setPrefix(text: string): void;
  /** Events that arrived since the pause. */
  missed: Accessor<number>;
}

export function createTruthWindow(recentEvents: Accessor<readonly StoredEvent[]>): TruthWindowState {
  const [paused, setPausedSignal] = createSignal(false);
  const [frozen, setFrozen] = createSignal<readonly StoredEvent[]>([]);
  const [prefix, setPrefix] = createSignal('');
  const source = () => (paused() ? frozen() : recentEvents());
  const rows = createMemo(() => truthRows(source(), prefix()));
  const missed = createMemo(() => {
    if (!paused()) return 0;
    const last = frozen()[frozen().length - 1];
    const live = recentEvents();
    if (!last) return live.length;
    let count = 0;
    for (let i = live.length - 1; i >= 0 && live[i]!.id !== last.id; i--) count++;
    return count;
  });
  return {
    rows,
    paused,
    setPaused(next) {
      if (next) setFrozen(recentEvents());
      setPausedSignal(next);
    },
    prefix,
    setPrefix,
    missed,
  };
}
