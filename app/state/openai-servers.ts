/**
 * The OpenAI-compatible servers the user added (Settings → Model servers): entries are
 * validated field by field (an invalid one changes nothing stored), kept only in this
 * browser's localStorage (API keys too; never in the journal or synced), sent to the
 * inference worker at startup and on every change, tested by listing the server's
 * models, and removed with a few seconds to undo. Storage, worker and timers injected.
 */
import { createSignal, type Accessor } from 'solid-js';
import { z } from 'zod';
import { codeOf, messageOf, note, type ErrorCode, type ErrorNote } from '../../core/errors';
import type { OpenAiServerConfig } from '../../workers/inference/api';

export interface ServerEntry extends OpenAiServerConfig {
  id: string;
}

/** What the form holds: raw strings. */
export interface ServerDraft {
  baseUrl: string;
  model: string;
  apiKey: string;
}

export type ServerField = keyof ServerDraft;

export const SERVER_FIELD_LABELS: Readonly<Record<ServerField, string>> = {
  baseUrl: 'Base URL',
  model: 'Model',
  apiKey: 'API key',
};

export interface FieldIssue {
  field: ServerField;
  /** Starts with the field's label, says what is accepted. */
  message: string;
}

export type SaveResult = { ok: true; entry: ServerEntry } | { ok: false; issues: FieldIssue[] };

export type TestResult =
  | { ok: true; models: string[]; hasModel: boolean }
  | { ok: false; issues: FieldIssue[] }
  /** The server or the worker failed: a catalogue code and the failure's own words (render with `describeError`). */
  | { ok: false; code: ErrorCode; detail: string };

export const SERVERS_KEY = 'arw.openai.servers';
export const MAX_SERVERS = 32;
export const UNDO_MS = 6000;
export const KEY_STORAGE_NOTE =
  'The API key is stored only in this browser’s localStorage (not in the journal, never synced) and sent only to this server.';

const StoredSchema = z.object({
  v: z.literal(1),
  servers: z
    .array(z.object({ id: z.string().min(1), baseUrl: z.string(), model: z.string(), apiKey: z.string().optional() }))
    .max(MAX_SERVERS),
});

const issue = (field: ServerField, text: string): FieldIssue => ({
  field,
  message: `${SERVER_FIELD_LABELS[field]}: ${text}`,
});

/** Checks a draft; `others` are the entries it must not duplicate. */
export function validateServer(
  draft: ServerDraft,
  others: readonly OpenAiServerConfig[] = [],
): { ok: true; config: OpenAiServerConfig } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const rawUrl = draft.baseUrl.trim();
  let baseUrl = rawUrl.replace(/\/+$/, '');
  if (!rawUrl)
    issues.push(
      issue(
        'baseUrl',
        'required: the server’s address, e.g. http://192.168.1.20:8080 (llama.cpp) or http://localhost:11434 (Ollama)',
      ),
    );
  else if (rawUrl.length > 2048) issues.push(issue('baseUrl', 'at most 2048 characters'));
  else {
    let url: URL | undefined;
    try {
      url = new URL(rawUrl);
    } catch {
      issues.push(issue('baseUrl', `'${rawUrl}' is not a URL; use http://host:port or https://host`));
    }
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:')
      issues.push(issue('baseUrl', `must start with http:// or https:// (not ${url.protocol}//)`));
    else if (url && (url.username || url.password))
      issues.push(issue('baseUrl', 'must not contain a user name or password; put a key in API key'));
    else if (url && (url.search || url.hash))
      issues.push(issue('baseUrl', 'must not contain ? or #: give the server’s base address only'));
    else if (url) baseUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }
  const model = draft.model.trim();
  if (!model)
    issues.push(
      issue(
        'model',
        'required: the name the server knows the model by (e.g. llama3.2 for Ollama; any name for a llama.cpp server)',
      ),
    );
  else if (model.length > 256) issues.push(issue('model', 'at most 256 characters'));
  const apiKey = draft.apiKey.trim();
  if (apiKey.length > 4096) issues.push(issue('apiKey', 'at most 4096 characters'));
  else if (/\s/.test(apiKey))
    issues.push(issue('apiKey', 'must not contain spaces or line breaks (leave it empty when the server needs none)'));
  if (issues.length === 0 && others.some((o) => o.baseUrl === baseUrl && o.model === model)) {
    issues.push(issue('model', `this server already has an entry for '${model}'`));
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, config: apiKey ? { baseUrl, model, apiKey } : { baseUrl, model } };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A warning when an https page would be blocked from an http server (mixed content). */
export function mixedContentWarning(baseUrl: string, pageProtocol: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return undefined;
  }
  if (pageProtocol !== 'https:' || url.protocol !== 'http:' || LOOPBACK.test(url.hostname)) return undefined;
  return 'This app is open over https, so the browser blocks plain http:// servers other than localhost (mixed content): serve the model server over https, or open the app from http://localhost.';
}

export interface OpenAiServersDeps {
  store: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  /** Sends the list to the inference worker (`configureOpenAi`). */
  configure(servers: OpenAiServerConfig[]): Promise<void>;
  /** The server's model names (GET /v1/models in the worker); rejects with an AppError. */
  listModels(server: OpenAiServerConfig): Promise<string[]>;
  /** After the worker has the new list (e.g. to refresh the model picker). */
  onChanged?(): void;
  newId(): string;
  timers?: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
  undoMs?: number;
}

export interface OpenAiServersState {
  servers: Accessor<readonly ServerEntry[]>;
  /** Why the stored list could not be read, or why saving failed (the change still applies now), as a catalogue code. */
  notice: Accessor<ErrorNote | undefined>;
  /** Adds a server, or, with `id`, replaces that entry; invalid drafts change nothing. */
  save(draft: ServerDraft, id?: string): Promise<SaveResult>;
  remove(id: string): Promise<void>;
  /** The last removal, while it can still be undone. */
  removed: Accessor<{ entry: ServerEntry; index: number } | undefined>;
  undo(): Promise<void>;
  test(draft: ServerDraft): Promise<TestResult>;
  /** Sends the stored list to the worker (called once at startup; nothing to send when empty). */
  sync(): Promise<void>;
}

const plain = (entries: readonly ServerEntry[]): OpenAiServerConfig[] =>
  entries.map(({ baseUrl, model, apiKey }) => (apiKey ? { baseUrl, model, apiKey } : { baseUrl, model }));

function readStored(store: OpenAiServersDeps['store']): { servers: ServerEntry[]; problem?: ErrorNote } {
  let raw: string | null | undefined;
  try {
    raw = store?.getItem(SERVERS_KEY);
  } catch (error) {
    return { servers: [], problem: note('model-servers-unreadable', String(error)) };
  }
  if (!raw) return { servers: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { servers: [], problem: note('model-servers-unreadable', 'not readable JSON') };
  }
  const result = StoredSchema.safeParse(parsed);
  if (!result.success) return { servers: [], problem: note('model-servers-unreadable', 'an unknown format') };
  // Entries saved by hand that no longer validate are skipped, not fatal.
  const servers = result.data.servers.filter(
    (s) => validateServer({ baseUrl: s.baseUrl, model: s.model, apiKey: s.apiKey ?? '' }).ok,
  );
  return {
    servers,
    ...(servers.length < result.data.servers.length ? { problem: note('model-servers-invalid') } : {}),
  };
}

export function createOpenAiServers(deps: OpenAiServersDeps): OpenAiServersState {
  const timers = deps.timers ?? {
    set: (run, ms) => setTimeout(run, ms),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const initial = readStored(deps.store);
  const [servers, setServers] = createSignal<readonly ServerEntry[]>(initial.servers);
  const [notice, setNotice] = createSignal<ErrorNote | undefined>(initial.problem);
  const [removed, setRemoved] = createSignal<{ entry: ServerEntry; index: number }>();
  let undoTimer: unknown;

  const push = async () => {
    try {
      await deps.configure(plain(servers()));
    } catch (error) {
      setNotice(note('model-servers-unsent', messageOf(error)));
      return;
    }
    deps.onChanged?.();
  };

  const commit = async (next: readonly ServerEntry[]) => {
    setServers(next);
    try {
      deps.store?.setItem(SERVERS_KEY, JSON.stringify({ v: 1, servers: next }));
      setNotice(undefined);
    } catch (error) {
      setNotice(note('model-servers-not-saved', messageOf(error)));
    }
    await push();
  };

  const clearUndo = () => {
    if (undoTimer !== undefined) timers.clear(undoTimer);
    undoTimer = undefined;
    setRemoved(undefined);
  };

  return {
    servers,
    notice,
    async save(draft, id) {
      const current = servers();
      if (id === undefined && current.length >= MAX_SERVERS)
        return {
          ok: false,
          issues: [issue('baseUrl', `at most ${MAX_SERVERS} servers can be added; remove one first`)],
        };
      const checked = validateServer(
        draft,
        current.filter((s) => s.id !== id),
      );
      if (!checked.ok) return checked;
      const existing = id === undefined ? undefined : current.find((s) => s.id === id);
      const entry: ServerEntry = { id: existing?.id ?? deps.newId(), ...checked.config };
      await commit(existing ? current.map((s) => (s.id === id ? entry : s)) : [...current, entry]);
      return { ok: true, entry };
    },
    async remove(id) {
      const current = servers();
      const index = current.findIndex((s) => s.id === id);
      if (index < 0) return;
      clearUndo();
      setRemoved({ entry: current[index]!, index });
      undoTimer = timers.set(() => {
        undoTimer = undefined;
        setRemoved(undefined);
      }, deps.undoMs ?? UNDO_MS);
      await commit(current.filter((s) => s.id !== id));
    },
    removed,
    async undo() {
      const last = removed();
      if (!last) return;
      clearUndo();
      const current = [...servers()];
      if (current.some((s) => s.baseUrl === last.entry.baseUrl && s.model === last.entry.model)) return;
      current.splice(Math.min(last.index, current.length), 0, last.entry);
      await commit(current);
    },
    async test(draft) {
      const checked = validateServer(draft);
      if (!checked.ok) return checked;
      try {
        const models = await deps.listModels(checked.config);
        return { ok: true, models, hasModel: models.includes(checked.config.model) };
      } catch (error) {
        return { ok: false, code: codeOf(error), detail: messageOf(error) };
      }
    },
    async sync() {
      if (servers().length > 0) await push();
    },
  };
}
