/**
 * The relay's persistence on its own, over the real SQLite store: one group commit per
 * tick for documents in memory and not (R6, R11), relay only after the commit, a failed
 * commit relays nothing, and the compaction bookkeeping (live state vs merged rows).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openServerDb, type ServerDb } from '../storage/db';
import { createYjsStore, type YjsStore } from '../storage/yjs-store';
import { createRelayPersistence, type PersistenceOptions } from './persistence';

let db: ServerDb | undefined;
afterEach(() => db?.close());

/** An update inserting `text` into root text `t` of a fresh client. */
const edit = (text: string) => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
};
const textOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
};
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(
  overrides: Partial<PersistenceOptions<string>> = {},
  wrapStore: (store: YjsStore) => YjsStore = (store) => store,
) {
  db = openServerDb(':memory:');
  const store = wrapStore(createYjsStore(db));
  const commits: number[] = [];
  const counted: YjsStore = { ...store, appendMany: (rows) => (commits.push(rows.length), store.appendMany(rows)) };
  const relayed: Array<{ doc: string; held: string[]; storedRows: number }> = [];
  const failed: Array<{ docs: string[]; error: unknown }> = [];
  const errors: string[] = [];
  const live = new Map<string, Y.Doc>();
  const persistence = createRelayPersistence<string>({
    store: counted,
    log: { info: () => undefined, warn: () => undefined, error: (_fields, message) => void errors.push(message ?? '') },
    compactEvery: 3,
    liveDoc: (doc) => live.get(doc),
    relay: (doc, held) => void relayed.push({ doc, held, storedRows: store.count(doc) }),
    failed: (docs, error) => void failed.push({ docs, error }),
    ...overrides,
  });
  return { store, persistence, commits, relayed, failed, errors, live };
}

/** Writes `update` to `doc` and returns how its `done` settled. */
function write(persistence: ReturnType<typeof setup>['persistence'], doc: string, update: Uint8Array, held?: string) {
  return new Promise<string>((resolve) =>
    persistence.write({
      doc,
      update,
      ...(held ? { held } : {}),
      done: (error) => resolve(error ? `failed: ${String(error)}` : 'stored'),
    }),
  );
}

describe('relay persistence', () => {
  it('R6/R11: updates of a document in memory and of one not in memory in one tick are one commit; relayed only once stored', async () => {
    const t = setup();
    const results = Promise.all([
      write(t.persistence, 'open', edit('a'), 'change a'),
      write(t.persistence, 'closed', edit('b')),
      write(t.persistence, 'open', edit('c'), 'change c'),
    ]);
    expect(t.persistence.pending('open') && t.persistence.pending('closed')).toBe(true);
    expect(t.store.count('open')).toBe(0);
    expect(await results).toEqual(['stored', 'stored', 'stored']);
    expect(t.commits).toEqual([3]);
    // One relay per document per commit, with every held change in order, after both rows were on disk.
    expect(t.relayed).toEqual([{ doc: 'open', held: ['change a', 'change c'], storedRows: 2 }]);
    expect(t.store.count('closed')).toBe(1);
    expect(t.persistence.pending('open')).toBe(false);
  });

  it('flush commits at once; a tick later nothing is committed twice', async () => {
    const t = setup();
    void write(t.persistence, 'doc', edit('x'));
    t.persistence.flush();
    expect(t.store.count('doc')).toBe(1);
    await tick();
    expect(t.commits).toEqual([1]);
  });

  it('R6: a failed commit relays nothing, names each document once and fails every write', async () => {
    const t = setup();
    db!.exec('DROP TABLE yjs_updates');
    const results = Promise.all([
      write(t.persistence, 'a', edit('1'), 'held'),
      write(t.persistence, 'b', edit('2')),
      write(t.persistence, 'a', edit('3'), 'held'),
    ]);
    expect((await results).every((result) => /^failed: .*yjs_updates/.test(result))).toBe(true);
    expect(t.relayed).toEqual([]);
    expect(t.failed.map((f) => f.docs)).toEqual([['a', 'b']]);
    expect(t.errors).toEqual(['yjs persist failed; dropping affected documents from memory']);
  });

  it('a document not in memory is compacted by merging its rows once compactEvery rows were appended', async () => {
    const t = setup();
    for (const text of ['one', 'two']) await write(t.persistence, 'cold', edit(text));
    expect(t.store.count('cold')).toBe(2);
    await write(t.persistence, 'cold', edit('three'));
    expect(t.store.count('cold')).toBe(1);
    expect(textOf(t.store.load('cold')[0]!)).toHaveLength('onetwothree'.length);
  });

  it('a loaded document is compacted from its live state; the next compaction waits until as many bytes were appended', async () => {
    const t = setup();
    const ydoc = new Y.Doc();
    ydoc.getText('t').insert(0, 'x'.repeat(2000));
    await write(t.persistence, 'warm', Y.encodeStateAsUpdate(ydoc));
    expect(t.persistence.load('warm')).toHaveLength(1);
    t.live.set('warm', ydoc);
    for (const char of ['a', 'b']) {
      ydoc.getText('t').insert(0, char);
      await write(t.persistence, 'warm', Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(ydoc)));
    }
    // Three rows since the load: written as one row holding exactly the live state.
    expect(t.store.load('warm')).toEqual([Y.encodeStateAsUpdate(ydoc)]);
    const small = Y.encodeStateVector(ydoc);
    for (let i = 0; i < 5; i++) {
      ydoc.getText('t').insert(0, 'y');
      await write(t.persistence, 'warm', Y.encodeStateAsUpdate(ydoc, small));
    }
    // Five small rows are far fewer bytes than the 2 KB state: no rewrite of it yet.
    expect(t.store.count('warm')).toBe(6);
  });

  it('compact on a loaded document of one row since its load leaves it alone; storedState merges the rows', async () => {
    const t = setup();
    expect(textOf(t.persistence.storedState('none'))).toBe('');
    await write(t.persistence, 'one', edit('only'));
    t.persistence.load('one');
    const ydoc = new Y.Doc();
    t.live.set('one', ydoc);
    t.persistence.compact('one');
    expect(textOf(t.store.load('one')[0]!)).toBe('only');
    await write(t.persistence, 'one', edit('more'));
    expect(textOf(t.persistence.storedState('one'))).toHaveLength('onlymore'.length);
  });

  it('a compaction that fails after a commit is logged; the writes are stored and resolve', async () => {
    const t = setup({}, (store) => ({
      ...store,
      compact: () => {
        throw new Error('disk full while compacting');
      },
    }));
    for (const text of ['1', '2']) await write(t.persistence, 'doc', edit(text));
    expect(await write(t.persistence, 'doc', edit('3'))).toBe('stored');
    expect(t.store.count('doc')).toBe(3);
    expect(t.errors).toEqual(['yjs compaction failed']);
  });
});
