/** `arw vault export`: a server data directory's events and Yjs documents in a vault the browser's import reads (SPEC §8). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { applyImport, planImport } from '../../core/vault/merge';
import { openVault, verifyVault } from '../../core/vault/read';
import { bytesFile, makeEvents, memoryHub } from '../../core/vault/testing';
import { runVaultCli } from '../../sync-server/cli/vault-export';
import { DB_FILE_NAME, openServerDb } from '../../sync-server/storage/db';
import { createEventStore } from '../../sync-server/storage/event-store';
import { createYjsStore } from '../../sync-server/storage/yjs-store';

const dir = mkdtempSync(join(tmpdir(), 'arw-vault-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const merge = (updates: readonly Uint8Array[]) => Y.mergeUpdates([...updates]);

function seed() {
  const db = openServerDb(join(dir, DB_FILE_NAME));
  const events = makeEvents(2500).map((event) => ({ ...event, project_id: 'p1' }));
  const result = createEventStore(db).append(events, { origin: 'test' });
  expect(result.rejected).toEqual([]);
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'server notes');
  createYjsStore(db).append('p1/project', Y.encodeStateAsUpdate(doc));
  db.close();
  return events;
}

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runVaultCli(
    args,
    { ARW_DATA_DIR: dir, ...env },
    (t) => void out.push(t),
    (t) => void err.push(t),
    '0.1.0',
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function importFile(file: string, passphrase?: string) {
  const target = memoryHub({ merge });
  const vault = await openVault(bytesFile(new Uint8Array(readFileSync(file))));
  const key = await verifyVault(vault, passphrase);
  expect((await planImport(vault, key, target)).newEvents).toBe(2500);
  await applyImport(vault, key, target);
  return target;
}

test('exports every stored event in server order and every document; the browser import reads it; encrypted with ARW_VAULT_PASSPHRASE', async () => {
  const events = seed();
  const file = join(dir, 'server.arwvault');
  const plain = await run(['export', file]);
  expect(plain).toMatchObject({ code: 0, out: `exported 2500 events and 1 document to ${file}` });
  const target = await importFile(file);
  expect(target.events).toEqual(events);
  const doc = new Y.Doc();
  for (const update of target.docs.get('p1/project')!) Y.applyUpdate(doc, update);
  expect(doc.getText('t').toString()).toBe('server notes');

  const sealed = join(dir, 'sealed.arwvault');
  expect((await run(['export', sealed], { ARW_VAULT_PASSPHRASE: 'pw' })).out).toContain('(encrypted)');
  expect((await importFile(sealed, 'pw')).events).toEqual(events);
}, 60_000);

test('usage and a missing store are reported, exit codes 2 and 1', async () => {
  expect((await run(['list'])).code).toBe(2);
  const missing = await run(['export', join(dir, 'x.arwvault')], { ARW_DATA_DIR: join(dir, 'nowhere') } as never);
  expect(missing.code).toBe(1);
  expect(missing.err).toMatch(/no server store/);
});
