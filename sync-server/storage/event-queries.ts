/**
 * SQL of the event store: schema, inserts and filtered reads over `events`. Filtered
 * statements are prepared once per filter shape and cached. Prefixes are compared with
 * substr() rather than LIKE, so `_` and `%` in a prefix are plain characters.
 */
import type { EventEnvelope } from '../../spec/envelope';
import type { ServerEvent } from '../../spec/sync-protocol';
import type { EventFilter } from '../../core/sync/filters';
import type { Statement } from 'better-sqlite3';
import type { ServerDb } from './db';

interface Row {
  server_seq: number;
  json: string;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS events (
  server_seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT,
  kind TEXT NOT NULL,
  time TEXT NOT NULL,
  corr_id TEXT,
  origin TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_project_seq ON events (project_id, server_seq);
CREATE INDEX IF NOT EXISTS events_kind ON events (kind);
CREATE INDEX IF NOT EXISTS events_corr ON events (corr_id);`;

const toEvent = (row: Row): ServerEvent => ({ ...(JSON.parse(row.json) as EventEnvelope), server_seq: row.server_seq });

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

/** Prepared statements over `db` (creating the table first). */
export function createEventQueries(db: ServerDb) {
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO events (id, project_id, kind, time, corr_id, origin, json) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const seqOf = db.prepare<[string], { server_seq: number }>('SELECT server_seq FROM events WHERE id = ?');
  const byId = db.prepare<[string], Row>('SELECT server_seq, json FROM events WHERE id = ?');
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

  return {
    insert(event: EventEnvelope, origin: string): number {
      const info = insert.run(event.id, event.project_id ?? null, event.kind, event.time, event.corr_id ?? null, origin, JSON.stringify(event));
      return Number(info.lastInsertRowid);
    },
    seqOf: (id: string): number | undefined => seqOf.get(id)?.server_seq,
    get(id: string): ServerEvent | undefined {
      const row = byId.get(id);
      return row === undefined ? undefined : toEvent(row);
    },
    after(cursor: number, filter: EventFilter, limit: number): ServerEvent[] {
      const where = whereOf(filter);
      const sql = `SELECT server_seq, json FROM events WHERE server_seq > ?${where.sql} ORDER BY server_seq LIMIT ?`;
      const rows = prepared(`after:${where.key}`, sql).all(cursor, ...where.params, limit);
      return rows.map(toEvent);
    },
    tail(n: number, filter: EventFilter): ServerEvent[] {
      const where = whereOf(filter);
      const sql = `SELECT server_seq, json FROM events WHERE 1${where.sql} ORDER BY server_seq DESC LIMIT ?`;
      const rows = prepared(`tail:${where.key}`, sql).all(...where.params, n);
      return rows.reverse().map(toEvent);
    },
    lastSeq: (): number => maxSeq.get()?.m ?? 0,
    count: (): number => total.get()?.n ?? 0,
  };
}
