/**
 * The tabs' side channel for sync: the leader broadcasts its links' state; other tabs
 * ask for it when they start and say when they changed the pairings. Messages carry a
 * version so an older tab ignores a newer shape (`state` v2: `lastError` is a catalogue
 * code with its detail, no longer a sentence).
 */
import type { LinkState } from './types';

export type SyncNote =
  | { type: 'state'; v: 2; links: LinkState[] }
  | { type: 'ask'; v: 1 }
  | { type: 'pairings-changed'; v: 1 }
  | { type: 'retry'; v: 1 };

export interface SyncChannel {
  post(note: SyncNote): void;
  close(): void;
}

function isNote(data: unknown): data is SyncNote {
  const note = data as { type?: unknown; v?: unknown } | null;
  if (note === null || typeof note !== 'object') return false;
  return note.type === 'state'
    ? note.v === 2
    : note.v === 1 && ['ask', 'pairings-changed', 'retry'].includes(String(note.type));
}

/** Opens `name` (e.g. `arw-sync:arw-journal`); without BroadcastChannel the tab is alone. */
export function openSyncChannel(name: string, onNote: (note: SyncNote) => void): SyncChannel {
  if (typeof BroadcastChannel === 'undefined') return { post: () => undefined, close: () => undefined };
  const channel = new BroadcastChannel(name);
  (channel as { unref?: () => void }).unref?.();
  channel.onmessage = (message: MessageEvent) => {
    if (isNote(message.data)) onNote(message.data);
  };
  return { post: (note) => channel.postMessage(note), close: () => channel.close() };
}
