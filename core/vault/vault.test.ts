import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { AppError } from '../errors';
import { VAULT_JOURNAL_PART, VAULT_MANIFEST_PART } from '../../spec/vault';
import { applyImport, planImport } from './merge';
import { openVault, verifyVault } from './read';
import { byteSink, bytesFile, makeEvents, memoryHub, testRandom, type MemoryHub } from './testing';
import { docPartName } from './types';
import { createUtf8Decoder } from './text';
import { writeVault, type WriteVaultOptions } from './write';
import { strToU8, unzipSync, zipSync } from 'fflate';

const text = (bytes: Uint8Array | undefined): string => createUtf8Decoder().decode(bytes);

/** Cheap Argon2id for tests; the default cost (64 MiB, t=3) is the same code path. */
const CHEAP = { m: 64, t: 1, p: 1 };
const merge = (updates: readonly Uint8Array[]) => Y.mergeUpdates([...updates]);

function docState(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}
const textOf = (updates: readonly Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
};

function sourceHub(events = makeEvents(2500)): MemoryHub {
  return memoryHub({
    events,
    docs: { 'p1/thread/main': docState('hello'), 'p1/project': docState('notes') },
    settings: { 'arw.theme': 'dark', 'arw:current-project': 'p1' },
    merge,
  });
}

async function exportOf(hub: MemoryHub, extra: Partial<WriteVaultOptions> = {}): Promise<Uint8Array> {
  const out = byteSink();
  await writeVault(hub, out.sink, {
    appVersion: '0.1.0',
    created: '2026-12-01T15:00:00.000Z',
    random: testRandom,
    kdfCost: CHEAP,
    pageSize: 300,
    ...extra,
  });
  return out.bytes();
}

async function importInto(bytes: Uint8Array, target: MemoryHub, passphrase?: string) {
  const vault = await openVault(bytesFile(bytes));
  const key = await verifyVault(vault, passphrase);
  const plan = await planImport(vault, key, target);
  const summary = await applyImport(vault, key, target);
  return { plan, summary };
}

/** Expects the import to be refused with `code`, naming `part`, before any write. */
async function expectRefused(bytes: Uint8Array, code: string, part: string | undefined, passphrase?: string) {
  const target = memoryHub({ merge });
  const error = await importInto(bytes, target, passphrase).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (part) expect((error as AppError).message).toContain(part);
  expect(target.writes).toEqual([]);
  return error as AppError;
}

/** Rewrites one zip entry (unzipped and re-zipped), keeping the rest. */
function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  edit(files);
  return zipSync(files);
}

describe('vault (SPEC §8)', () => {
  test('round trip: identical journal (ids, order), documents and settings; nothing doubles the second time', async () => {
    const source = sourceHub();
    const bytes = await exportOf(source);
    const target = memoryHub({ merge });
    const first = await importInto(bytes, target);
    expect(first.plan).toMatchObject({ events: 2500, newEvents: 2500, present: 0, documents: 2, settings: 2 });
    expect(first.summary).toEqual({
      added: 2500,
      skipped: 0,
      documents: 2,
      settings: 2,
      canceled: false,
      events: 2500,
      documentsInFile: 2,
    });
    expect(target.events.map((e) => e.id)).toEqual(source.events.map((e) => e.id));
    expect(target.events).toEqual(source.events);
    expect(textOf(target.docs.get('p1/thread/main')!)).toBe('hello');
    expect(target.store).toEqual(source.store);

    const again = await importInto(bytes, target);
    expect(again.plan).toMatchObject({ newEvents: 0, present: 2500 });
    expect(again.summary.added).toBe(0);
    expect(target.events.length).toBe(2500);
    expect(textOf(target.docs.get('p1/thread/main')!)).toBe('hello');
  });

  test('import into an existing hub adds only the missing events and merges documents', async () => {
    const events = makeEvents(1000);
    const bytes = await exportOf(sourceHub(events));
    const own = makeEvents(10, Date.UTC(2026, 5, 1));
    const target = memoryHub({
      events: [...events.slice(0, 400), ...own],
      docs: { 'p1/thread/main': docState('mine ') },
      merge,
    });
    const { plan, summary } = await importInto(bytes, target);
    expect(plan).toMatchObject({ newEvents: 600, present: 400 });
    expect(summary.added).toBe(600);
    expect(target.events.length).toBe(1010);
    expect(textOf(target.docs.get('p1/thread/main')!)).toContain('hello');
    expect(textOf(target.docs.get('p1/thread/main')!)).toContain('mine');
  });

  test('a document the target refuses (an erased conversation’s thread) is not counted as merged', async () => {
    const bytes = await exportOf(sourceHub(makeEvents(5)));
    const target = memoryHub({ merge });
    const refusing = {
      ...target,
      applyDoc: async (name: string, update: Uint8Array) => name !== 'p1/thread/main' && target.applyDoc(name, update),
    };
    const vault = await openVault(bytesFile(bytes));
    const summary = await applyImport(vault, await verifyVault(vault, undefined), refusing);
    expect(summary.documents).toBe(1);
    expect([...target.docs.keys()]).toEqual(['p1/project']);
  });

  test('the manifest lists every part with its SHA-256; recipes, leases and policies are in the journal', async () => {
    const files = unzipSync(await exportOf(sourceHub(makeEvents(3))));
    const manifest = JSON.parse(text(files[VAULT_MANIFEST_PART]));
    expect(manifest.format).toBe(1);
    expect(manifest.parts.map((p: { name: string }) => p.name)).toEqual([
      VAULT_JOURNAL_PART,
      docPartName('p1/thread/main'),
      docPartName('p1/project'),
      'settings.json',
      'models.json',
    ]);
    expect(manifest.in_journal).toEqual(expect.arrayContaining(['recipes', 'leases', 'policies']));
    const lines = text(files[VAULT_JOURNAL_PART]).trim().split('\n');
    expect(lines.map((line: string) => JSON.parse(line))).toEqual(makeEvents(3));
  });

  test('encrypted round trip (Argon2id → AES-256-GCM per part): the same result; parts are not readable', async () => {
    const source = sourceHub(makeEvents(3000));
    const bytes = await exportOf(source, { passphrase: 'correct horse' });
    const files = unzipSync(bytes);
    expect(text(files[VAULT_JOURNAL_PART])).not.toContain('runtime.health');
    const manifest = JSON.parse(text(files[VAULT_MANIFEST_PART]));
    expect(manifest.kdf).toMatchObject({ name: 'argon2id', m: CHEAP.m, t: CHEAP.t, p: CHEAP.p });
    expect(manifest.parts.every((p: { encrypted?: boolean }) => p.encrypted)).toBe(true);
    const target = memoryHub({ merge });
    await importInto(bytes, target, 'correct horse');
    expect(target.events).toEqual(source.events);
    expect(textOf(target.docs.get('p1/project')!)).toBe('notes');
  });

  test('a journal larger than one frame (1 MiB) round-trips encrypted', async () => {
    const source = sourceHub(makeEvents(12_000));
    const bytes = await exportOf(source, { passphrase: 'p' });
    const target = memoryHub({ merge });
    await importInto(bytes, target, 'p');
    expect(target.events.map((e) => e.id)).toEqual(source.events.map((e) => e.id));
  });

  test('default KDF cost is 64 MiB, t=3, p=1', async () => {
    const files = unzipSync(await exportOf(memoryHub({ merge }), { passphrase: 'x', kdfCost: undefined }));
    expect(JSON.parse(text(files[VAULT_MANIFEST_PART])).kdf).toMatchObject({ m: 65536, t: 3, p: 1 });
  });

  test('a wrong passphrase is refused naming the first part, nothing written', async () => {
    const bytes = await exportOf(sourceHub(makeEvents(50)), { passphrase: 'right' });
    const error = await expectRefused(bytes, 'vault-wrong-passphrase', VAULT_JOURNAL_PART, 'wrong');
    expect(error.message).toMatch(/wrong passphrase/);
    await expectRefused(bytes, 'vault-passphrase-needed', undefined);
  });

  test('a tampered part is refused naming it, nothing written', async () => {
    const bytes = await exportOf(sourceHub(makeEvents(50)));
    const tampered = rezip(bytes, (files) => {
      const journal = files[VAULT_JOURNAL_PART]!;
      journal[10] = journal[10]! ^ 1;
    });
    await expectRefused(tampered, 'vault-part-invalid', VAULT_JOURNAL_PART);
    const doc = docPartName('p1/project');
    const tamperedDoc = rezip(bytes, (files) => void (files[doc] = docState('evil')));
    await expectRefused(tamperedDoc, 'vault-part-invalid', doc);
  });

  test('a tampered encrypted part is refused as damaged (not as a wrong passphrase)', async () => {
    const bytes = await exportOf(sourceHub(makeEvents(50)), { passphrase: 'p' });
    const tampered = rezip(bytes, (files) => {
      const part = files['settings.json']!;
      part[part.length - 1] = part[part.length - 1]! ^ 1;
    });
    await expectRefused(tampered, 'vault-part-invalid', 'settings.json', 'p');
  });

  test('a missing part is refused naming it', async () => {
    const bytes = await exportOf(sourceHub(makeEvents(5)));
    const doc = docPartName('p1/thread/main');
    await expectRefused(
      rezip(bytes, (files) => void delete files[doc]),
      'vault-part-invalid',
      doc,
    );
  });

  test('a truncated file is refused naming the part it breaks off in, nothing written', async () => {
    const bytes = await exportOf(sourceHub(makeEvents(3000)));
    const error = await expectRefused(
      bytes.slice(0, Math.floor(bytes.length / 2)),
      'vault-truncated',
      VAULT_JOURNAL_PART,
    );
    expect(error.message).toMatch(/cut short/);
    await expectRefused(bytes.slice(0, bytes.length - 10), 'vault-truncated', undefined);
  });

  test('a newer format is refused with its number before anything else', async () => {
    const bytes = await exportOf(sourceHub(makeEvents(5)));
    const newer = rezip(bytes, (files) => {
      const manifest = JSON.parse(text(files[VAULT_MANIFEST_PART]));
      files[VAULT_MANIFEST_PART] = strToU8(JSON.stringify({ ...manifest, format: 2, parts: 'whatever' }));
    });
    const error = await expectRefused(newer, 'vault-format-newer', undefined);
    expect(error.message).toBe('this vault was written by a newer ARW Hub (format 2); this app reads format 1');
  });

  test('an invalid event line is refused naming the part and line, nothing written', async () => {
    const events = makeEvents(5);
    (events[3] as { kind: string }).kind = 'Not A Kind';
    // Written through the real writer, so every hash is right and only the line is bad.
    const bytes = await exportOf(memoryHub({ events, merge }));
    const error = await expectRefused(bytes, 'vault-part-invalid', VAULT_JOURNAL_PART);
    expect(error.message).toContain('line 4');
  });

  test('a file that is not a vault says so', async () => {
    await expectRefused(strToU8('hello, this is text and not a zip archive at all'), 'vault-not-a-vault', undefined);
    await expectRefused(zipSync({ 'a.txt': strToU8('a') }), 'vault-not-a-vault', undefined);
  });

  test('export cancels between pages with vault-canceled', async () => {
    let pages = 0;
    const hub = sourceHub(makeEvents(3000));
    const error = await exportOf(hub, { canceled: () => ++pages > 2 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('vault-canceled');
  });
});
