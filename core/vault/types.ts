/**
 * The vault's edges: what an export reads (`VaultSource`), what an import writes
 * (`VaultTarget`), the progress both report, and the part names of Yjs documents.
 * Implemented by the browser (app/vault) and by tests; core never touches storage.
 */
import { VAULT_YJS_PREFIX } from '../../spec/vault';

/** A journal row as the source gives it: the envelope plus the local `seq` (not exported). */
export type SourceEvent = { readonly seq: number } & Record<string, unknown>;

export interface VaultSource {
  journalCount(): Promise<number>;
  /** Events with `seq > afterSeq`, ascending, at most `limit`; empty at the end. */
  journalAfter(afterSeq: number, limit: number): Promise<readonly SourceEvent[]>;
  /** Every Yjs document this device keeps (relay names such as `p1/thread/main`). */
  docNames(): Promise<string[]>;
  /** `Y.encodeStateAsUpdate` of the stored document. */
  docState(name: string): Promise<Uint8Array>;
  /** The app's own settings (localStorage keys starting with `arw`). */
  settings(): Promise<Record<string, string>>;
  /** Model manifests of the stored models (no weights). */
  models(): Promise<unknown[]>;
}

export interface VaultTarget {
  /** How many of `ids` the journal already holds. */
  countPresent(ids: readonly string[]): Promise<number>;
  /** Adds the events whose ids are not stored yet (in the given order); skips the others. */
  ingest(events: readonly unknown[]): Promise<{ added: number; skipped: number }>;
  /**
   * Merges a Yjs update into the stored document `name` (creating it when absent);
   * resolves false when the target refuses the document (an erased conversation's thread).
   */
  applyDoc(name: string, update: Uint8Array): Promise<boolean>;
  /** Adds the settings this device does not have; returns how many were added. */
  mergeSettings(settings: Record<string, string>): Promise<number>;
}

export interface VaultProgress {
  phase: 'key' | 'verify' | 'journal' | 'documents' | 'settings' | 'done';
  done: number;
  total: number;
}

/** `yjs/<encodeURIComponent(name)>.bin`: one flat part per document, whatever its name holds. */
export const docPartName = (docName: string): string => `${VAULT_YJS_PREFIX}${encodeURIComponent(docName)}.bin`;

/** The document name of a `yjs/…` part, or undefined for other parts. */
export function docNameOfPart(part: string): string | undefined {
  if (!part.startsWith(VAULT_YJS_PREFIX) || !part.endsWith('.bin')) return undefined;
  try {
    return decodeURIComponent(part.slice(VAULT_YJS_PREFIX.length, -'.bin'.length));
  } catch {
    return undefined;
  }
}
