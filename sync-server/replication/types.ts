/**
 * What the /sync hub is given by the composition root: the store, an identity for
 * `welcome`, a clock and a logger; and per connection, the authenticated principal.
 */
import type { Clock } from '../../core/lib/clock';
import type { ServerLog } from '../log';
import type { EventStore } from '../storage/event-store';

/** Who is on the socket, decided by the auth module before the upgrade. */
export interface SyncPrincipal {
  /** Device id the token was issued to, if any (for logs). */
  device?: string;
  /** Projects this token may read and write; `'*'` = every project (admin). */
  projects: readonly string[] | '*';
  canPush: boolean;
  canRead: boolean;
}

export interface SyncHubDeps {
  store: EventStore;
  /** Sent in `welcome` (e.g. the instance's NATS node id). */
  serverId: string;
  clock: Clock;
  log: ServerLog;
}
