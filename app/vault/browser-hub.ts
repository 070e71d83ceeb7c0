/**
 * This device as a vault source and target: the journal (paged in seq order from its own
 * read connection, so an export never holds the whole journal), the stored Yjs
 * documents, the app's settings (localStorage keys starting with `arw`) and the model
 * manifests. Import adds only what is missing: events through `journal.ingest`
 * (skips stored ids in the same transaction; `appendBatch` would refuse the whole batch
 * on the unique id index), settings this device lacks, never this device's identity.
 */
import type { JournalHandle } from '../db/journal';
import type { JournalDb } from '../db/schema';
import type { SourceEvent, VaultSource, VaultTarget } from '../../core/vault/types';
import { mergeIntoStoredDoc, storedDocNames, storedDocState } from './yjs-stores';

/** Keys that name this device, not the person's data: never exported or imported (the last export is this device's fact). */
const DEVICE_KEYS = new Set(['arw:device-actor', 'arw.vault.lastExport']);
const isSetting = (key: string) => key.startsWith('arw') && !DEVICE_KEYS.has(key);

export interface BrowserHubDeps {
  journal: JournalHandle;
  /** A read connection to the journal's database (opened by the caller). */
  db: JournalDb;
  localStore: Storage | undefined;
  /** Stored models' manifests (no weights); absent when the model store is not running. */
  models?: () => Promise<unknown[]>;
}

export function createBrowserHub(deps: BrowserHubDeps): VaultSource & VaultTarget {
  const { db, journal, localStore } = deps;
  let erased: Promise<Record<string, string[]>> | undefined;
  return {
    journalCount: () => db.events.count(),
    async journalAfter(afterSeq, limit) {
      return (await db.events.where(':id').above(afterSeq).limit(limit).toArray()) as unknown as SourceEvent[];
    },
    docNames: () => storedDocNames(),
    docState: (name) => storedDocState(name),
    async settings() {
      const out: Record<string, string> = {};
      if (!localStore) return out;
      for (let i = 0; i < localStore.length; i++) {
        const key = localStore.key(i);
        if (key !== null && isSetting(key)) out[key] = localStore.getItem(key) ?? '';
      }
      return out;
    },
    models: async () => (deps.models ? await deps.models() : []),
    countPresent: async (ids) =>
      ids.length === 0
        ? 0
        : db.events
            .where('id')
            .anyOf([...ids])
            .count(),
    async ingest(events) {
      const result = await journal.ingest(events);
      return { added: result.stored.length, skipped: result.skipped.length + result.invalid.length };
    },
    async applyDoc(name, update) {
      // An older vault may hold the thread of a conversation erased here since (SPEC §7): keep it erased.
      const thread = /\/thread\/(.+)$/.exec(name)?.[1];
      if (thread !== undefined && thread in (await (erased ??= journal.erasedEpisodes()))) return false;
      await mergeIntoStoredDoc(name, update);
      return true;
    },
    async mergeSettings(settings) {
      if (!localStore) return 0;
      let added = 0;
      for (const [key, value] of Object.entries(settings)) {
        if (!isSetting(key) || typeof value !== 'string' || localStore.getItem(key) !== null) continue;
        try {
          localStore.setItem(key, value);
          added++;
        } catch {
          // A full or blocked localStorage loses a setting, never the import.
        }
      }
      return added;
    },
  };
}
