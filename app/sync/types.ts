/**
 * The shapes the sync client shares between its parts and across tabs: a pairing
 * (one server this device replicates with) and the state of its link, as the leader
 * tab broadcasts it and Settings, the status bar and the banner read it.
 */
import type { ErrorNote } from '../../core/errors';

/** The part of a browser (or `ws`) WebSocket a sync link uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** One paired server. The token stays in this browser's IndexedDB only. */
export interface Pairing {
  id: string;
  /** The server's base URL as typed, e.g. `http://127.0.0.1:8787`. */
  url: string;
  token: string;
  /** Projects whose events replicate with this server. */
  projects: string[];
  /** When it was paired (ISO). */
  added: string;
}

/**
 * connecting → syncing (welcomed, catching up) → live (every project caught up);
 * waiting = disconnected, retrying after a backoff; offline = the browser is offline;
 * incompatible = the server refused our protocol version (no retry: update the app);
 * refused = the server refused the token or a project (no retry until the person asks:
 * a refusal is not an outage).
 */
export const LINK_PHASES = [
  'connecting',
  'syncing',
  'live',
  'waiting',
  'offline',
  'incompatible',
  'refused',
  'stopped',
] as const;
export type LinkPhase = (typeof LINK_PHASES)[number];

export interface LinkState {
  pairingId: string;
  url: string;
  projects: string[];
  phase: LinkPhase;
  /** Last time the server and this device were known to agree (ISO), if ever. */
  lastSyncAt?: string;
  /** Local events of shared projects not yet acknowledged by the server. */
  pending: number;
  /** The last problem as a catalogue code and its specifics (render with `describeNote`); cleared by the next success. */
  lastError?: ErrorNote;
  /** Since when (epoch ms) the link has failed to connect; undefined while healthy. */
  failingSince?: number;
  /** When the next attempt is due (epoch ms), while waiting. */
  retryAt?: number;
}

/** What every tab knows: whether it is the leader, and the leader's links. */
export interface SyncSnapshot {
  leader: boolean;
  /** True once this tab heard from a leader (or is one). */
  known: boolean;
  links: LinkState[];
}

/** A pairing as Settings shows it before the leader reports on it. */
export function initialLinkState(pairing: Pairing): LinkState {
  return { pairingId: pairing.id, url: pairing.url, projects: pairing.projects, phase: 'connecting', pending: 0 };
}
