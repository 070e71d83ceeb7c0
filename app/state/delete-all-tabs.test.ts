import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteAllData } from './delete-all';
import { createDeletionTabs, DATA_CHANNEL, type OtherTabs, type TabLocks } from './delete-all-tabs';

/**
 * Web Locks as the spec has them, for one process (Node has none): a lock is granted when
 * no holder conflicts and no earlier request is waiting; an aborted request rejects.
 */
function memoryLocks(): TabLocks {
  type Entry = { name: string; mode: 'shared' | 'exclusive'; start: () => void; granted: boolean };
  const entries: Entry[] = [];
  const grantable = (entry: Entry) =>
    entries
      .slice(0, entries.indexOf(entry))
      .filter((e) => e.name === entry.name)
      .every((e) => e.mode === 'shared' && entry.mode === 'shared' && e.granted);
  const pump = () => {
    for (const entry of entries)
      if (!entry.granted && grantable(entry)) {
        entry.granted = true;
        entry.start();
      }
  };
  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const entry: Entry = {
          name,
          mode: options.mode ?? 'exclusive',
          granted: false,
          start: () =>
            void callback()
              .then(resolve, reject)
              .finally(() => {
                entries.splice(entries.indexOf(entry), 1);
                pump();
              }),
        };
        options.signal?.addEventListener('abort', () => {
          if (entry.granted) return;
          entries.splice(entries.indexOf(entry), 1);
          reject(options.signal!.reason);
          pump();
        });
        entries.push(entry);
        pump();
      });
    },
  };
}

const channels: BroadcastChannel[] = [];
const channel = () => {
  const made = new BroadcastChannel(DATA_CHANNEL);
  channels.push(made);
  return made;
};
afterEach(() => {
  for (const made of channels.splice(0)) made.close();
});

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('deleteAllData with other tabs', () => {
  it('tells them first, waits until they closed before listing any database, and lets them go at the end', async () => {
    const order: string[] = [];
    const otherTabs: OtherTabs = {
      tell: async () => void order.push('tell'),
      closed: async (waitMs) => void order.push(`closed ${waitMs}`),
      done: () => void order.push('done'),
    };
    const report = await deleteAllData({
      closeApp: () => void order.push('close'),
      otherTabs,
      indexedDB: {
        databases: () => {
          order.push('databases');
          return indexedDB.databases();
        },
        deleteDatabase: (name) => indexedDB.deleteDatabase(name),
      },
      stores: [],
      blockedWaitMs: 1234,
    });
    expect(report.errors).toEqual([]);
    expect(order).toEqual(['tell', 'close', 'closed 1234', 'databases', 'done']);
  });
});

describe('createDeletionTabs', () => {
  it('the told tab closes, shows the notice, and reloads only once the deletion is over', async () => {
    const locks = memoryLocks();
    const seen: string[] = [];
    const deleting = createDeletionTabs({
      channel: channel(),
      locks,
      closeApp: () => void seen.push('a closed'),
      restart: () => void seen.push('a restarted'),
      showNotice: () => void seen.push('a notice'),
    });
    createDeletionTabs({
      channel: channel(),
      locks,
      closeApp: () => void seen.push('b closed'),
      restart: () => void seen.push('b restarted'),
      showNotice: () => void seen.push('b notice'),
    });
    await deleting.tell();
    // Resolves only after B let go of its hold, which it does once closed.
    await deleting.closed(10_000);
    expect(seen).toEqual(['b closed', 'b notice']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).not.toContain('b restarted');
    deleting.done();
    await until(() => seen.includes('b restarted'));
    expect(seen).toEqual(['b closed', 'b notice', 'b restarted']);
  });

  it('stops waiting for a tab that does not let go after waitMs', async () => {
    const locks = memoryLocks();
    createDeletionTabs({
      channel: channel(),
      locks,
      closeApp: () => new Promise<void>(() => undefined),
      restart: () => undefined,
      showNotice: () => undefined,
    });
    const deleting = createDeletionTabs({
      channel: channel(),
      locks,
      closeApp: () => undefined,
      restart: () => undefined,
      showNotice: () => undefined,
    });
    await deleting.tell();
    const started = Date.now();
    await deleting.closed(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    deleting.done();
  });

  it('without Web Locks the told tab closes and keeps the notice; its Reload restarts', async () => {
    const seen: string[] = [];
    let reload: (() => void) | undefined;
    const deleting = createDeletionTabs({
      channel: channel(),
      locks: undefined,
      closeApp: () => undefined,
      restart: () => undefined,
      showNotice: () => undefined,
    });
    createDeletionTabs({
      channel: channel(),
      locks: undefined,
      closeApp: () => void seen.push('closed'),
      restart: () => void seen.push('restarted'),
      showNotice: (onReload) => {
        seen.push('notice');
        reload = onReload;
      },
    });
    await deleting.tell();
    await until(() => seen.includes('notice'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['closed', 'notice']);
    reload!();
    await until(() => seen.includes('restarted'));
  });

  it('ignores other messages on the channel and a second deletion message', async () => {
    const seen: string[] = [];
    createDeletionTabs({
      channel: channel(),
      locks: undefined,
      closeApp: () => void seen.push('closed'),
      restart: () => undefined,
      showNotice: () => void seen.push('notice'),
    });
    const sender = channel();
    sender.postMessage({ kind: 'something-else' });
    sender.postMessage(null);
    sender.postMessage({ kind: 'deleted-all' });
    sender.postMessage({ kind: 'deleted-all' });
    await until(() => seen.includes('notice'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['closed', 'notice']);
  });
});
