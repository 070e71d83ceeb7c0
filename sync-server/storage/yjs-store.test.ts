/**
 * The `YjsStore` contract (spec/relay.md R1–R5) as one suite, `yjsStoreContract(name,
 * makeImpl)`, called once per implementation. There is no in-memory `YjsStore` today, so
 * it runs against the SQLite store twice: on `:memory:` and on a file (which alone can
 * prove R5, durability across a reopen). A new implementation adds one call here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { openServerDb, type ServerDb } from './db';
import { createYjsStore, type YjsStore } from './yjs-store';

interface StoreSubject {
  store: YjsStore;
  /** Closes the backing database and opens the store again over what it kept (durable stores only). */
  reopen?: () => YjsStore;
  close(): void;
}

/** A document and the updates each edit produced, in order. */
function editor() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates, edit: (text: string) => doc.getText('t').insert(doc.getText('t').length, text) };
}

/** The text a list of stored updates adds up to. */
function textOf(rows: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row);
  return doc.getText('t').toString();
}

function yjsStoreContract(name: string, makeImpl: () => StoreSubject, options: { durable: boolean }): void {
  describe(`${name} (YjsStore contract)`, () => {
    const open: StoreSubject[] = [];
    afterEach(() => open.splice(0).forEach((subject) => subject.close()));
    const fresh = () => {
      const subject = makeImpl();
      open.push(subject);
      return subject;
    };

    test('R1: load gives every update of a document oldest first, byte for byte, and nothing of other documents', () => {
      const { store } = fresh();
      const a = editor();
      const b = editor();
      ['one ', 'two ', 'three'].forEach((text) => a.edit(text));
      b.edit('other');
      store.append('p1/a', a.updates[0]!);
      store.append('p1/b', b.updates[0]!);
      store.appendMany([
        ['p1/a', a.updates[1]!],
        ['p1/a', a.updates[2]!],
      ]);
      expect(store.load('p1/a')).toEqual(a.updates);
      expect(store.load('p1/b')).toEqual(b.updates);
      expect(textOf(store.load('p1/a'))).toBe('one two three');
      expect(store.load('p1/none')).toEqual([]);
    });

    test('R2: append returns increasing seqs; appendMany stores all its rows in order, or none', () => {
      const { store } = fresh();
      const a = editor();
      ['1', '2', '3', '4', '5'].forEach((text) => a.edit(text));
      const first = store.append('d', a.updates[0]!);
      const second = store.append('d', a.updates[1]!);
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(first);
      store.appendMany([
        ['d', a.updates[2]!],
        ['e', a.updates[2]!],
      ]);
      expect(store.append('d', a.updates[3]!)).toBeGreaterThan(second + 1);
      // A row the store cannot take (no bytes) aborts the whole transaction.
      const broken = [
        ['d', a.updates[4]!],
        ['d', null as unknown as Uint8Array],
      ] as const;
      expect(() => store.appendMany(broken)).toThrow();
      expect(store.load('d')).toEqual(a.updates.slice(0, 4));
      expect(store.count('e')).toBe(1);
    });

    test('R3: compact replaces the rows by one with the same state; a one-row document is left alone', () => {
      const { store } = fresh();
      const a = editor();
      for (let i = 0; i < 20; i++) a.edit(`${i},`);
      for (const update of a.updates) store.append('d', update);
      const single = editor();
      single.edit('solo');
      store.append('s', single.updates[0]!);
      store.compact('d');
      expect(store.count('d')).toBe(1);
      expect(textOf(store.load('d'))).toBe(a.doc.getText('t').toString());
      expect(store.load('d')[0]).toEqual(Y.mergeUpdates(a.updates));
      store.compact('s');
      expect(store.load('s')).toEqual(single.updates);
      expect(() => store.compact('nothing-here')).not.toThrow();
      expect(store.count('nothing-here')).toBe(0);
    });

    test('R3: compact up to a seq keeps later rows after the merged one; a given state replaces them as is', () => {
      const { store } = fresh();
      const a = editor();
      ['a', 'b', 'c', 'd', 'e'].forEach((text) => a.edit(text));
      const seqs = a.updates.map((update) => store.append('d', update));
      store.compact('d', undefined, seqs[2]);
      const rows = store.load('d');
      expect(rows).toHaveLength(3);
      expect(textOf(rows.slice(0, 1))).toBe('abc');
      expect(rows.slice(1)).toEqual(a.updates.slice(3));
      expect(store.append('d', a.updates[4]!)).toBeGreaterThan(seqs[4]!);

      const merged = Y.encodeStateAsUpdate(a.doc);
      store.compact('d', merged);
      expect(store.load('d')).toEqual([merged]);
    });

    test('R4: count matches load, and docs lists every stored document once, sorted', () => {
      const { store } = fresh();
      const a = editor();
      ['x', 'y', 'z'].forEach((text) => a.edit(text));
      store.appendMany([
        ['p2/notes', a.updates[0]!],
        ['p1/notes', a.updates[0]!],
        ['p2/notes', a.updates[1]!],
        ['p1/b', a.updates[2]!],
      ]);
      expect(store.docs()).toEqual(['p1/b', 'p1/notes', 'p2/notes']);
      for (const doc of store.docs()) expect(store.count(doc)).toBe(store.load(doc).length);
      expect(store.count('p2/notes')).toBe(2);
      expect(store.count('unknown')).toBe(0);
    });

    // Only a store that outlives its process can be reopened; an in-memory one starts empty.
    if (options.durable)
      test('R5: what append, appendMany and compact stored survives closing and reopening the database', () => {
        const subject = fresh();
        const { store } = subject;
        const a = editor();
        for (let i = 0; i < 8; i++) a.edit(`${i};`);
        store.append('d', a.updates[0]!);
        store.appendMany(a.updates.slice(1, 6).map((update) => ['d', update] as const));
        store.compact('d');
        store.append('d', a.updates[6]!);
        store.appendMany([
          ['d', a.updates[7]!],
          ['other', a.updates[0]!],
        ]);
        const before = store.load('d');
        const reopened = subject.reopen!();
        expect(reopened.load('d')).toEqual(before);
        expect(textOf(reopened.load('d'))).toBe(a.doc.getText('t').toString());
        expect(reopened.docs()).toEqual(['d', 'other']);
      });
  });
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

yjsStoreContract(
  'SQLite store on :memory:',
  () => {
    const db = openServerDb(':memory:');
    return { store: createYjsStore(db), close: () => db.close() };
  },
  { durable: false },
);

yjsStoreContract(
  'SQLite store on a file',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'arw-yjs-store-'));
    dirs.push(dir);
    const path = join(dir, 'yjs.sqlite');
    let db: ServerDb = openServerDb(path);
    return {
      store: createYjsStore(db),
      reopen() {
        db.close();
        db = openServerDb(path);
        return createYjsStore(db);
      },
      close: () => db.open && db.close(),
    };
  },
  { durable: true },
);
