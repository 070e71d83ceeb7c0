/**
 * Token lifecycle shared by the CLI and `/admin/tokens`: create (secret returned
 * once), list (views with a hash prefix only), rotate (new secret, old revoked),
 * revoke. Only SHA-256 digests are stored.
 */
import type { TokenCreateBody, TokenView } from '../../spec/http';
import { generateSecret, hashPrefix, newTokenId, sha256Hex } from './secrets';
import type { TokenRecord, TokenStore } from './token-store';

export interface TokenService {
  create(body: TokenCreateBody): { record: TokenRecord; secret: string };
  list(): TokenView[];
  /** Issues a new secret with the same label/scopes/projects/expiry and revokes the old one. */
  rotate(id: string): { record: TokenRecord; secret: string } | undefined;
  revoke(id: string): boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The public view of a record: no secret, no full digest. */
export function toTokenView(record: TokenRecord): TokenView {
  return {
    id: record.id,
    label: record.label,
    kind: record.kind,
    scopes: record.scopes,
    projects: record.projects,
    hash_prefix: hashPrefix(record.sha256),
    created: iso(record.createdAt)!,
    last_used: iso(record.lastUsedAt),
    expires: iso(record.expiresAt),
    revoked: iso(record.revokedAt),
  };
}

/**
 * A service over `store`, with time from `now`. `onRevoked` hears every token id that
 * stops being valid here (revoke, and the old id of a rotate), e.g. to end its sessions.
 */
export function createTokenService(
  store: TokenStore,
  now: () => number,
  onRevoked: (id: string) => void = () => undefined,
): TokenService {
  const issue = (fields: Pick<TokenRecord, 'label' | 'kind' | 'scopes' | 'projects' | 'expiresAt'>) => {
    const secret = generateSecret();
    const record: TokenRecord = {
      ...fields,
      id: newTokenId(),
      sha256: sha256Hex(secret),
      createdAt: now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    store.insert(record);
    return { record, secret };
  };
  return {
    create: (body) =>
      issue({
        label: body.label,
        kind: body.kind,
        scopes: [...new Set(body.scopes)].sort(),
        projects: body.projects ? [...new Set(body.projects)].sort() : null,
        expiresAt: body.expires_in_secs === undefined ? null : now() + body.expires_in_secs * 1000,
      }),
    list: () => store.list().map(toTokenView),
    rotate(id) {
      const old = store.get(id);
      if (!old || old.revokedAt !== null) return undefined;
      const remaining = old.expiresAt === null ? null : Math.max(old.expiresAt - old.createdAt, 60_000) + now();
      const next = issue({
        label: old.label,
        kind: old.kind,
        scopes: old.scopes,
        projects: old.projects,
        expiresAt: remaining,
      });
      store.revoke(id, now());
      onRevoked(id);
      return next;
    },
    revoke(id) {
      const done = store.revoke(id, now());
      if (done) onRevoked(id);
      return done;
    },
  };
}
