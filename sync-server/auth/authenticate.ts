/**
 * Authentication: a presented token → a principal, or why not. Tokens preset by env
 * (ARW_ADMIN_TOKEN / ARW_ADMIN_TOKEN_SHA256) are compared in constant time; stored
 * tokens are found by digest and compared again in constant time.
 */
import { digestsEqual, sha256Hex } from './secrets';
import type { TokenStore } from './token-store';

/** Who is calling: an admin (scoped, all projects) or a project-scoped sync client. */
export interface Principal {
  readonly kind: 'admin' | 'sync';
  readonly id: string;
  readonly label: string;
  readonly scopes: readonly string[];
  /** Projects a sync token may reach; null for admin (all projects). */
  readonly projects: readonly string[] | null;
  /** Digest prefix, for rate-limit keys and logs (never the secret). */
  readonly fingerprint: string;
}

export type AuthFailureReason = 'missing' | 'unknown' | 'revoked' | 'expired';
export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: AuthFailureReason };

export interface Authenticator {
  authenticate(token: string | undefined): AuthResult;
}

export interface AuthenticatorOptions {
  store: TokenStore;
  /** SHA-256 digests of env-preset admin tokens (all admin scopes). */
  presetAdminDigests: readonly string[];
  now: () => number;
  /** Minimum ms between last-used writes per token (default 60 s), so auth is not a disk write per request. */
  touchEveryMs?: number;
}

/** Builds the authenticator; a token of more than 512 characters is unknown without hashing. */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const touched = new Map<string, number>();
  const touchEvery = options.touchEveryMs ?? 60_000;
  return {
    authenticate(token) {
      const presented = token?.trim();
      if (!presented) return { ok: false, reason: 'missing' };
      if (presented.length > 512) return { ok: false, reason: 'unknown' };
      const digest = sha256Hex(presented);
      for (const preset of options.presetAdminDigests) {
        if (digestsEqual(digest, preset)) {
          return {
            ok: true,
            principal: {
              kind: 'admin',
              id: 'env-admin',
              label: 'ARW_ADMIN_TOKEN',
              scopes: ['admin:*'],
              projects: null,
              fingerprint: digest.slice(0, 12),
            },
          };
        }
      }
      const record = options.store.findByHash(digest);
      if (!record || !digestsEqual(record.sha256, digest)) return { ok: false, reason: 'unknown' };
      const now = options.now();
      if (record.revokedAt !== null) return { ok: false, reason: 'revoked' };
      if (record.expiresAt !== null && record.expiresAt <= now) return { ok: false, reason: 'expired' };
      if (now - (touched.get(record.id) ?? -Infinity) >= touchEvery) {
        touched.set(record.id, now);
        options.store.touch(record.id, now);
      }
      return {
        ok: true,
        principal: {
          kind: record.kind,
          id: record.id,
          label: record.label,
          scopes: record.scopes,
          projects: record.projects,
          fingerprint: digest.slice(0, 12),
        },
      };
    },
  };
}
