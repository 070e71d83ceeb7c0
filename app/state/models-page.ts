/**
 * Settings → Models (issue 5, item 4): the model store's files as rows (available,
 * downloading, paused, cached) with live progress, storage use and quota, and the
 * actions: download from a pasted manifest URL (fetched, validated with the core
 * `ModelManifestSchema`, field errors shown; a body that is no manifest at all is named as
 * such: manifest-source.ts), pause, resume, cancel, delete and
 * evicting the least-recently-used cached model. The store itself (quota preflight,
 * Range chunks, resume, SHA-256 check) lives in the worker; this only drives it. A
 * `models.changed` event on the stream (this tab or another) refreshes the rows.
 */
import { createEffect, createMemo, createSignal, on, type Accessor } from 'solid-js';
import { messageOf, noteOf, type ErrorNote } from '../../core/errors';
import { pickEvictions } from '../../core/models/lru';
import {
  ModelManifestSchema,
  type DownloadProgress,
  type ModelFormat,
  type ModelManifest,
  type StoredModel,
} from '../../core/models/manifest';
import type { ModelStoreClient } from '../worker-clients/model-store-client';
import { notManifestMessage, readManifestBody, resolveManifestUrl, type ManifestBody } from './manifest-source';

export type ModelsClient = Pick<ModelStoreClient, 'download' | 'pause' | 'cancel' | 'delete' | 'list' | 'storage'>;

export type ModelRowStatus = 'available' | 'downloading' | 'paused' | 'cached';

export interface ModelRow {
  id: string;
  label?: string;
  url: string;
  bytes: number;
  sha256: string;
  /** `onnx-char`: selectable in Chat once cached; absent: a plain file. */
  format?: ModelFormat;
  /** Epoch ms of the last download or use; undefined for a model not stored yet. */
  lastUsed?: number;
  status: ModelRowStatus;
  /** Bytes stored (or, while downloading, the latest progress). */
  downloaded: number;
  /** The last progress status while downloading (e.g. `preflight`, `resumed`). */
  phase?: DownloadProgress['status'];
  /** Why the last download of this model failed, as a catalogue code (render with `describeNote`). */
  error?: ErrorNote;
}

/** One problem with a pasted manifest: `field` is the JSON path (`(manifest)` for the whole). */
export interface ManifestIssue {
  field: string;
  message: string;
}

export interface ModelsPage {
  rows: Accessor<ModelRow[]>;
  storage: Accessor<{ usage: number; quota: number; models: number } | undefined>;
  /** Problems with the last pasted manifest; empty when it was fine. */
  manifestIssues: Accessor<ManifestIssue[]>;
  loadingManifest: Accessor<boolean>;
  /** A failed store call not tied to one row (list, delete, evict), as a catalogue code. */
  error: Accessor<ErrorNote | undefined>;
  refresh(): Promise<void>;
  /** Fetches and validates the manifest at `url`; starts its download when valid. */
  addFromUrl(url: string): Promise<ModelManifest | undefined>;
  /** Starts or resumes the download of a known model; resolves when it ends. */
  download(id: string): Promise<void>;
  pause(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes the least-recently-used cached model (never one downloading); its id, if any. */
  evictLeastRecentlyUsed(): Promise<string | undefined>;
}

export interface ModelsPageDeps {
  client: ModelsClient;
  /** Defaults to the global fetch. The body is read as text, so a page that is not JSON can be named. */
  fetch?: (url: string) => Promise<{
    ok: boolean;
    status: number;
    headers?: { get(name: string): string | null };
    text(): Promise<string>;
  }>;
  /** The app's event stream (`stream.recentEvents`): a newer `models.changed` refreshes the page. */
  events?: Accessor<readonly { id: string; kind: string }[]>;
}

/** The id of the newest `models.changed` event in `events` (oldest → newest), if any. */
export function latestModelsChange(events: readonly { id: string; kind: string }[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i -= 1) if (events[i]!.kind === 'models.changed') return events[i]!.id;
  return undefined;
}

/**
 * Runs `run` for each newer `models.changed` event reaching `events` after this call
 * (needs a Solid owner: a component or `createRoot`). Other kinds never trigger it.
 */
export function onModelsChanged(events: Accessor<readonly { id: string; kind: string }[]>, run: () => void): void {
  // The memo's equality check keeps a batch without a newer change from triggering.
  const latest = createMemo(() => latestModelsChange(events()));
  createEffect(on(latest, (id) => id !== undefined && run(), { defer: true }));
}

/** Field-level problems of `value` as a manifest, or the manifest. */
export function validateManifest(value: unknown): { manifest: ModelManifest } | { issues: ManifestIssue[] } {
  const parsed = ModelManifestSchema.safeParse(value);
  if (parsed.success) return { manifest: parsed.data };
  return {
    issues: parsed.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.map(String).join('.') : '(manifest)',
      message: issue.message,
    })),
  };
}

const manifestOf = (model: StoredModel): ModelManifest => ({
  id: model.id,
  url: model.url,
  bytes: model.bytes,
  sha256: model.sha256,
  chunkBytes: model.chunkBytes,
  ...(model.label === undefined ? {} : { label: model.label }),
  ...(model.format === undefined ? {} : { format: model.format }),
  ...(model.config === undefined ? {} : { config: model.config }),
});

export function createModelsPage(deps: ModelsPageDeps): ModelsPage {
  const { client } = deps;
  const doFetch = deps.fetch ?? ((url: string) => fetch(url, { cache: 'no-store' }));
  const [stored, setStored] = createSignal<StoredModel[]>([]);
  const [known, setKnown] = createSignal<ModelManifest[]>([]);
  const [progress, setProgress] = createSignal<Record<string, DownloadProgress>>({});
  const [active, setActive] = createSignal<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = createSignal<Record<string, ErrorNote>>({});
  const [storage, setStorage] = createSignal<{ usage: number; quota: number; models: number }>();
  const [manifestIssues, setManifestIssues] = createSignal<ManifestIssue[]>([]);
  const [loadingManifest, setLoadingManifest] = createSignal(false);
  const [error, setError] = createSignal<ErrorNote>();

  const setRowError = (id: string, problem: ErrorNote | undefined) =>
    setErrors((all) => {
      const next = { ...all };
      if (problem === undefined) delete next[id];
      else next[id] = problem;
      return next;
    });

  const refresh = async () => {
    try {
      const [models, usage] = await Promise.all([client.list(), client.storage()]);
      setStored(models);
      setStorage(usage);
      setError(undefined);
    } catch (e) {
      setError(noteOf(e));
    }
  };

  const rows = (): ModelRow[] => {
    const byId = new Map<string, ModelRow>();
    const running = active();
    const live = progress();
    for (const manifest of known()) {
      byId.set(manifest.id, {
        id: manifest.id,
        label: manifest.label,
        url: manifest.url,
        bytes: manifest.bytes,
        sha256: manifest.sha256,
        format: manifest.format,
        status: 'available',
        downloaded: 0,
      });
    }
    for (const model of stored()) {
      const status: ModelRowStatus =
        model.state === 'cached' ? 'cached' : model.state === 'partial' ? 'paused' : 'downloading';
      byId.set(model.id, {
        id: model.id,
        label: model.label,
        url: model.url,
        bytes: model.bytes,
        sha256: model.sha256,
        format: model.format,
        lastUsed: model.lastUsed,
        status,
        downloaded: model.downloaded,
      });
    }
    for (const [id, row] of byId) {
      if (running.has(id)) {
        const p = live[id];
        byId.set(id, { ...row, status: 'downloading', downloaded: p?.downloaded ?? row.downloaded, phase: p?.status });
      }
      const failed = errors()[id];
      if (failed !== undefined) byId.set(id, { ...byId.get(id)!, error: failed });
    }
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  };

  const manifestFor = (id: string): ModelManifest | undefined => {
    const model = stored().find((m) => m.id === id);
    return known().find((m) => m.id === id) ?? (model ? manifestOf(model) : undefined);
  };

  const download = async (id: string) => {
    const manifest = manifestFor(id);
    if (!manifest || active().has(id)) return;
    setRowError(id, undefined);
    setActive((set) => new Set([...set, id]));
    try {
      await client.download(manifest, (p) => setProgress((all) => ({ ...all, [p.id]: p })));
    } catch (e) {
      setRowError(id, noteOf(e, 'model-download-failed'));
    } finally {
      setActive((set) => new Set([...set].filter((x) => x !== id)));
      setProgress((all) => {
        const next = { ...all };
        delete next[id];
        return next;
      });
      await refresh();
    }
  };

  const guarded = async (call: () => Promise<unknown>) => {
    try {
      await call();
      setError(undefined);
    } catch (e) {
      setError(noteOf(e));
    }
    await refresh();
  };

  const events = deps.events;
  // Only changes after the page opened: the first value is what onMount's refresh already covers.
  if (events) onModelsChanged(events, () => void refresh());

  return {
    rows,
    storage,
    manifestIssues,
    loadingManifest,
    error,
    refresh,
    async addFromUrl(url) {
      setManifestIssues([]);
      const trimmed = url.trim();
      if (!/^https?:\/\//i.test(trimmed)) {
        setManifestIssues([
          { field: 'manifest URL', message: 'Enter a full http(s):// address of a manifest JSON file.' },
        ]);
        return undefined;
      }
      setLoadingManifest(true);
      let body: ManifestBody;
      try {
        const response = await doFetch(trimmed);
        if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
        body = readManifestBody(await response.text(), response.headers?.get('content-type') ?? null);
      } catch (e) {
        setManifestIssues([{ field: 'manifest URL', message: `Could not load the manifest: ${messageOf(e)}` }]);
        return undefined;
      } finally {
        setLoadingManifest(false);
      }
      if (!body.ok) {
        setManifestIssues([{ field: 'manifest URL', message: notManifestMessage(body.found) }]);
        return undefined;
      }
      const checked = validateManifest(resolveManifestUrl(body.value, trimmed));
      if ('issues' in checked) {
        setManifestIssues(checked.issues);
        return undefined;
      }
      const manifest = checked.manifest;
      setKnown((all) => [...all.filter((m) => m.id !== manifest.id), manifest]);
      void download(manifest.id);
      return manifest;
    },
    download,
    pause: (id) => guarded(() => client.pause(id)),
    cancel: (id) => guarded(() => client.cancel(id)),
    async delete(id) {
      setKnown((all) => all.filter((m) => m.id !== id));
      setRowError(id, undefined);
      await guarded(() => client.delete(id));
    },
    async evictLeastRecentlyUsed() {
      const running = active();
      const candidates = stored()
        .filter((m) => !running.has(m.id))
        .map((m) => ({ key: m.id, bytes: m.bytes, lastUsed: m.lastUsed, state: m.state }));
      const [oldest] = pickEvictions(candidates, 0, 1) ?? [];
      if (oldest === undefined) return undefined;
      await guarded(() => client.delete(oldest, 'evicted'));
      return oldest;
    },
  };
}
