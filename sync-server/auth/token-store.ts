/**
 * The token table in the server's SQLite file: only SHA-256 digests, with label,
 * scopes, projects (sync tokens), created / last-used / expiry / revoked times.
 * Plaintext never reaches this module; create/rotate get the digest from the caller.
 */
import type { ServerDb } from '../storage/db';

export type TokenKind = 'admin' | 'sync';

export interface TokenRecord {
  id: string;
  label: string;
  kind: TokenKind;
  scopes: string[];
  projects: string[] | null;
  sha256: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface TokenStore {
  insert(record: TokenRecord): void;
  findByHash(sha256: string): TokenRecord | undefined;
  get(id: string): TokenRecord | undefined;
  list(): TokenRecord[];
  /** Marks `id` revoked at `at`; false when unknown or already revoked. */
  revoke(id: string, at: number): boolean;
  touch(id: string, at: number): void;
  /** True when an admin token that is neither revoked nor expired exists. */
  hasActiveAdmin(now: number): boolean;
}

interface Row {
  id: string;
  label: string;
  kind: TokenKind;
  scopes: string;
  projects: string | null;
  sha256: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

const fromRow = (row: Row): TokenRecord => ({
  id: row.id,
  label: row.label,
  kind: row.kind,
  scopes: JSON.parse(row.scopes) as string[],
  projects: row.projects === null ? null : (JSON.parse(row.projects) as string[]),
  sha256: row.sha256,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

/** A store over `db` (its table comes from storage/migrations.ts). */
export function createTokenStore(db: ServerDb): TokenStore {
  const insert =
    db.prepare(`INSERT INTO auth_tokens (id, label, kind, scopes, projects, sha256, created_at, last_used_at, expires_at, revoked_at)
    VALUES (@id, @label, @kind, @scopes, @projects, @sha256, @created_at, @last_used_at, @expires_at, @revoked_at)`);
  const byHash = db.prepare<[string], Row>('SELECT * FROM auth_tokens WHERE sha256 = ?');
  const byId = db.prepare<[string], Row>('SELECT * FROM auth_tokens WHERE id = ?');
  const all = db.prepare<[], Row>('SELECT * FROM auth_tokens ORDER BY created_at, id');
  const revoke = db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE auth_tokens SET last_used_at = ? WHERE id = ?');
  const activeAdmin = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM auth_tokens WHERE kind = 'admin' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
  );
  return {
    insert(record) {
      insert.run({
        id: record.id,
        label: record.label,
        kind: record.kind,
        scopes: JSON.stringify(record.scopes),
        projects: record.projects === null ? null : JSON.stringify(record.projects),
        sha256: record.sha256,
        created_at: record.createdAt,
        last_used_at: record.lastUsedAt,
        expires_at: record.expiresAt,
        revoked_at: record.revokedAt,
      });
    },
    findByHash: (sha256) => {
      const row = byHash.get(sha256);
      return row ? fromRow(row) : undefined;
    },
    get: (id) => {
      const row = byId.get(id);
      return row ? fromRow(row) : undefined;
    },
    list: () => all.all().map(fromRow),
    revoke: (id, at) => revoke.run(at, id).changes === 1,
    touch: (id, at) => void touch.run(at, id),
    hasActiveAdmin: (now) => (activeAdmin.get(now)?.n ?? 0) > 0,
  };
}
