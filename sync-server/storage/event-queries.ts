/**
 * SQL of the event store: inserts and filtered reads over `events`. Filtered
 * statements are prepared once per filter shape and cached. Prefixes are compared with
 * substr() rather than LIKE, so `_` and `%` in a prefix are plain characters. A row that
 * does not read back as a sound event is skipped and reported (stored-row.ts), never thrown.
 */
import type { EventEnvelope } from '../../spec/envelope';
import type { EventFilter } from '../../core/sync/filters';
import type { Statement } from 'better-sqlite3';
import type { ServerDb } from './db';
import { readRow, type Row, type StoredRow } from './stored-row';

export type { StoredRow } from './stored-row';

/** Told of each row skipped on read: its sequence and why it cannot be served. */
export type UnreadableRow = (serverSeq: number, reason: string) => void;

// The `events` table and its indexes come from storage/migrations.ts (applied by openServerDb).

/** WHERE clause and parameters for `filter` (without the cursor part). */
function whereOf(filter: EventFilter): { sql: string; key: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (filter.projectId !== undefined) {
    parts.push('project_id = ?');
    params.push(filter.projectId);
  }
  if (filter.corrId !== undefined) {
    parts.push('corr_id = ?');
    params.push(filter.corrId);
  }
  const prefixes = filter.prefixes ?? [];
  if (prefixes.length > 0) {
    parts.push(`(${prefixes.map(() => 'substr(kind, 1, ?) = ?').join(' OR ')})`);
    for (const prefix of prefixes) params.push(prefix.length, prefix);
  }
  const key = `${filter.projectId !== undefined ? 'p' : ''}${filter.corrId !== undefined ? 'c' : ''}${prefixes.length}`;
  return { sql: parts.map((part) => ` AND ${part}`).join(''), key, params };
}

const COLUMNS = 'server_seq, json, received';

/** Prepared statements over `db`; `now` stamps each insert's `received`. */
export function createEventQueries(db: ServerDb, now: () => number, onUnreadable: UnreadableRow) {
  const insert = db.prepare(
    'INSERT INTO events (id, project_id, kind, time, corr_id, origin, json, received) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const existing = db.prepare<[string], { server_seq: number; project_id: string | null }>(
    'SELECT server_seq, project_id FROM events WHERE id = ?',
  );
  const byId = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM events WHERE id = ?`);
  const maxSeq = db.prepare<[], { m: number | null }>('SELECT MAX(server_seq) AS m FROM events');
  const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events');
  const cache = new Map<string, Statement<unknown[], Row>>();

  const prepared = (name: string, sql: string) => {
    let statement = cache.get(name);
    if (statement === undefined) {
      statement = db.prepare<unknown[], Row>(sql);
      cache.set(name, statement);
    }
    return statement;
  };

  /** The sound rows of `rows`, reporting the others. */
  const sound = (rows: readonly Row[]): StoredRow[] => {
    const out: StoredRow[] = [];
    for (const row of rows) {
      const read = readRow(row);
      if (typeof read === 'string') onUnreadable(row.server_seq, read);
      else out.push(read);
    }
    return out;
  };

  return {
    insert(event: EventEnvelope, origin: string, json: string, received: number): number {
      const info = insert.run(
        event.id,
        event.project_id ?? null,
        event.kind,
        event.time,
        event.corr_id ?? null,
        origin,
        json,
        received,
      );
      return Number(info.lastInsertRowid);
    },
    /** The stored event with this id: its seq and project (null when it has none). */
    existing: (id: string): { server_seq: number; project_id: string | null } | undefined => existing.get(id),
    get(id: string): StoredRow | undefined {
      const row = byId.get(id);
      return row === undefined ? undefined : sound([row])[0];
    },
    /**
     * Up to `limit` sound rows after `cursor`, ascending. Skipped rows do not shorten the
     * answer to nothing while sound ones follow: callers read "empty" as "the end".
     */
    after(cursor: number, filter: EventFilter, limit: number): StoredRow[] {
      const where = whereOf(filter);
      const sql = `SELECT ${COLUMNS} FROM events WHERE server_seq > ?${where.sql} ORDER BY server_seq LIMIT ?`;
      const statement = prepared(`after:${where.key}`, sql);
      const out: StoredRow[] = [];
      for (let from = cursor; out.length < limit;) {
        const wanted = limit - out.length;
        const rows = statement.all(from, ...where.params, wanted);
        out.push(...sound(rows));
        if (rows.length < wanted) break;
        from = rows[rows.length - 1]!.server_seq;
      }
      return out;
    },
    /**
     * Like `after` for kinds starting with `prefixes`, read through the kind index: for
     * rare kinds (leases, policy) this touches only their rows, where `after` walks the
     * whole table. Matching rows after `cursor` are sorted per page: not for common kinds.
     */
    afterByKinds(cursor: number, prefixes: readonly string[], limit: number): StoredRow[] {
      const ranges = prefixes.map(() => '(kind >= ? AND kind < ?)').join(' OR ');
      const sql = `SELECT ${COLUMNS} FROM events INDEXED BY events_kind WHERE (${ranges}) AND server_seq > ? ORDER BY server_seq LIMIT ?`;
      const statement = prepared(`kinds:${prefixes.length}`, sql);
      // A prefix's range ends before the next string of its length: its last character plus one.
      const bounds = prefixes.flatMap((prefix) => [
        prefix,
        prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1),
      ]);
      return sound(statement.all(...bounds, cursor, limit));
    },
    /** The newest `n` sound rows matching `filter`, ascending. */
    tail(n: number, filter: EventFilter): StoredRow[] {
      const where = whereOf(filter);
      const sql = `SELECT ${COLUMNS} FROM events WHERE server_seq < ?${where.sql} ORDER BY server_seq DESC LIMIT ?`;
      const statement = prepared(`tail:${where.key}`, sql);
      const newestFirst: StoredRow[] = [];
      for (let before = Number.MAX_SAFE_INTEGER; newestFirst.length < n;) {
        const wanted = n - newestFirst.length;
        const rows = statement.all(before, ...where.params, wanted);
        newestFirst.push(...sound(rows));
        if (rows.length < wanted) break;
        before = rows[rows.length - 1]!.server_seq;
      }
      return newestFirst.reverse();
    },
    lastSeq: (): number => maxSeq.get()?.m ?? 0,
    count: (): number => total.get()?.n ?? 0,
  };
}
