/**
 * `arw vault export <file>`: a server data directory's vault (SPEC §8), the same format
 * the browser writes: every stored event in server order as NDJSON, one part per Yjs
 * document (its stored updates merged), no settings or models (the server's config is
 * its environment). Reads the SQLite file read-only, page by page, and streams to the
 * file, so a large store exports in bounded memory. Encrypted when ARW_VAULT_PASSPHRASE
 * is set (a passphrase on the command line would land in shell history).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { SourceEvent, VaultSource } from '../../core/vault/types';
import { writeVault } from '../../core/vault/write';
import type { VaultManifest } from '../../spec/vault';
import { DB_FILE_NAME } from '../storage/db';

export const VAULT_USAGE = `usage: arw vault export <file.arwvault>
  (data directory from ARW_DATA_DIR, default ./data; encrypted when ARW_VAULT_PASSPHRASE is set)`;

/** The data directory's store as a vault source (read-only). */
export function serverVaultSource(db: Database.Database): VaultSource {
  const page = db.prepare<[number, number], { server_seq: number; json: string }>(
    'SELECT server_seq, json FROM events WHERE server_seq > ? ORDER BY server_seq LIMIT ?',
  );
  const updates = db.prepare<[string], { update_blob: Buffer }>(
    'SELECT update_blob FROM yjs_updates WHERE doc = ? ORDER BY seq',
  );
  return {
    journalCount: async () => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
    async journalAfter(afterSeq, limit) {
      // `seq` here is the server's order; the writer uses it as the cursor and leaves it out.
      return page.all(afterSeq, limit).map((row) => ({ ...JSON.parse(row.json), seq: row.server_seq }) as SourceEvent);
    },
    docNames: async () =>
      db
        .prepare<[], { doc: string }>('SELECT DISTINCT doc FROM yjs_updates ORDER BY doc')
        .all()
        .map((row) => row.doc),
    async docState(name) {
      const rows = updates.all(name).map((row) => new Uint8Array(row.update_blob));
      return rows.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(rows);
    },
    settings: async () => ({}),
    models: async () => [],
  };
}

/** Writes the vault of the store in `dataDir` to `file`; resolves with its manifest. */
export async function exportServerVault(
  dataDir: string,
  file: string,
  options: { passphrase?: string; appVersion: string; now?: () => Date },
): Promise<VaultManifest> {
  const path = join(resolve(dataDir), DB_FILE_NAME);
  if (!existsSync(path)) throw new Error(`no server store at ${path} (set ARW_DATA_DIR to the data directory)`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const out = createWriteStream(file);
  const closed = new Promise<void>((done, fail) => {
    out.on('finish', done);
    out.on('error', fail);
  });
  try {
    const manifest = await writeVault(
      serverVaultSource(db),
      (bytes) =>
        new Promise<void>((done, fail) => {
          // Wait for the stream to take the bytes: the next page is read only then.
          out.write(bytes, (error) => (error ? fail(error) : done()));
        }),
      {
        appVersion: options.appVersion,
        created: (options.now ?? (() => new Date()))().toISOString(),
        ...(options.passphrase ? { passphrase: options.passphrase } : {}),
        random: (n) => new Uint8Array(randomBytes(n)),
      },
    );
    out.end();
    await closed;
    return manifest;
  } catch (error) {
    out.destroy();
    throw error;
  } finally {
    db.close();
  }
}

/** `arw vault …`; returns the exit code. */
export async function runVaultCli(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (text: string) => void,
  err: (text: string) => void,
  appVersion: string,
): Promise<number> {
  const [command, file, ...rest] = argv;
  if (command !== 'export' || !file || rest.length > 0) {
    (command === '--help' ? out : err)(VAULT_USAGE);
    return command === '--help' ? 0 : 2;
  }
  try {
    const passphrase = env.ARW_VAULT_PASSPHRASE || undefined;
    const manifest = await exportServerVault(env.ARW_DATA_DIR || './data', file, { passphrase, appVersion });
    const events = manifest.parts.find((part) => part.name === 'journal.ndjson')?.items ?? 0;
    const docs = manifest.parts.filter((part) => part.name.startsWith('yjs/')).length;
    out(
      `exported ${events} events and ${docs} document${docs === 1 ? '' : 's'} to ${file}${passphrase ? ' (encrypted)' : ''}`,
    );
    return 0;
  } catch (error) {
    err(`vault export failed: ${(error as Error).message}`);
    return 1;
  }
}
