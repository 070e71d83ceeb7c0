/**
 * Open sessions (a /sync or /yjs socket, an /events stream) and the token each was
 * opened with. When that token is revoked or rotated here, the session ends at once;
 * a revocation from another process (the CLI on the same data directory) or an expiry
 * is found by a sweep of the token store every `sweepMs` while any session is open.
 */
import type { Principal } from './authenticate';
import type { TokenStore } from './token-store';

/** Why a session was ended: its token is no longer good. */
export type SessionEnd = 'revoked' | 'expired';

/** Plain words for the close reason (WebSocket reasons must stay under 123 bytes). */
export const SESSION_END_REASON: Record<SessionEnd, string> = {
  revoked: 'the token was revoked: sign in again with a new token',
  expired: 'the token has expired: sign in again with a new token',
};

export interface SessionRegistry {
  /** Tracks a session; `end` is called at most once. Returns the release to call when it closes by itself. */
  track(principal: Principal, end: (why: SessionEnd) => void): () => void;
  /** Ends every session of token `id` now (the token service calls this on revoke and rotate). */
  revoked(id: string): void;
  /** Open sessions (for tests and metrics). */
  size(): number;
  /** Stops the sweep (sessions themselves are closed by their owners). */
  close(): void;
}

export interface SessionRegistryOptions {
  store: Pick<TokenStore, 'get'>;
  now: () => number;
  /** Period of the store sweep while sessions are open (default 250 ms: a session ends within 1 s). */
  sweepMs?: number;
}

interface Session {
  tokenId: string;
  end: (why: SessionEnd) => void;
}

/** Builds the registry; the sweep timer runs only while a session of a stored token is open. */
export function createSessionRegistry(options: SessionRegistryOptions): SessionRegistry {
  const sweepMs = options.sweepMs ?? 250;
  const sessions = new Set<Session>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const finish = (session: Session, why: SessionEnd) => {
    if (!sessions.delete(session)) return;
    try {
      session.end(why);
    } catch {
      // the owner's close failed (socket already gone): nothing more to end
    }
  };
  const endAll = (tokenId: string, why: SessionEnd) => {
    for (const session of [...sessions]) if (session.tokenId === tokenId) finish(session, why);
  };
  const sweep = () => {
    const now = options.now();
    for (const tokenId of new Set([...sessions].map((s) => s.tokenId))) {
      const record = options.store.get(tokenId);
      if (record === undefined || record.revokedAt !== null) endAll(tokenId, 'revoked');
      else if (record.expiresAt !== null && record.expiresAt <= now) endAll(tokenId, 'expired');
    }
    if (sessions.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  return {
    track(principal, end) {
      // Env-preset admin tokens are not in the store and cannot be revoked at run time.
      if (principal.id === 'env-admin') return () => undefined;
      const session: Session = { tokenId: principal.id, end };
      sessions.add(session);
      if (timer === undefined) {
        timer = setInterval(sweep, sweepMs);
        timer.unref?.();
      }
      return () => void sessions.delete(session);
    },
    revoked: (id) => endAll(id, 'revoked'),
    size: () => sessions.size,
    close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
