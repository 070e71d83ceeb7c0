/**
 * Model servers on this machine that the welcome can offer: LM Studio, Ollama and
 * llama.cpp's llama-server at their usual ports, asked `GET /v1/models` in parallel with
 * a short timeout. It tells a server that answers from one that answered but whose reply
 * the browser withheld (CORS), and from none at all, and says how to allow this page.
 * Fetch is injected; nothing here stores or adds a server (openai-servers.ts does).
 */

export const LOCAL_SERVER_KINDS = ['lm-studio', 'ollama', 'llama-cpp'] as const;
export type LocalServerKind = (typeof LOCAL_SERVER_KINDS)[number];

export interface LocalServerCandidate {
  kind: LocalServerKind;
  name: string;
  baseUrl: string;
}

/** The usual addresses, in the order the welcome lists them. */
export const LOCAL_SERVERS: readonly LocalServerCandidate[] = [
  { kind: 'lm-studio', name: 'LM Studio', baseUrl: 'http://localhost:1234' },
  { kind: 'ollama', name: 'Ollama', baseUrl: 'http://localhost:11434' },
  { kind: 'llama-cpp', name: 'llama.cpp (llama-server)', baseUrl: 'http://localhost:8080' },
];

export const PROBE_TIMEOUT_MS = 1500;

export type ProbeResult =
  /** It listed its models (possibly none). */
  | { state: 'answering'; models: string[] }
  /** Something answered, but the browser kept the reply from this page: the server does not allow its origin (CORS). */
  | { state: 'refused' }
  /** Nothing answered in time, or the browser cannot tell that from a refusal (see `canTellRefusal`). */
  | { state: 'silent' }
  /** Something answered, but not with an OpenAI-compatible model list; `detail` says what came back. */
  | { state: 'not-models'; detail: string };

export interface LocalServerFinding extends LocalServerCandidate {
  result: ProbeResult;
}

/** The part of a fetch Response the probe reads. */
export interface ProbeResponse {
  ok: boolean;
  status: number;
  /** `opaque` for a `no-cors` request that reached a server. */
  type?: string;
  json(): Promise<unknown>;
}

export type ProbeFetch = (
  url: string,
  init: { mode?: 'cors' | 'no-cors'; signal: AbortSignal },
) => Promise<ProbeResponse>;

export interface ProbeDeps {
  fetch: ProbeFetch;
  timeoutMs?: number;
}

/** Model ids of an OpenAI `GET /v1/models` body (`{data: [{id}]}`), or undefined when it is not one. */
export function modelIdsOf(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { data?: unknown }).data)) return undefined;
  const ids = ((body as { data: unknown[] }).data as { id?: unknown }[])
    .map((entry) => (typeof entry === 'object' && entry !== null ? entry.id : undefined))
    .filter((id): id is string => typeof id === 'string' && id.trim() !== '');
  return [...new Set(ids)];
}

/** Runs `run` with a signal that aborts after `ms`; a timeout rejects like a network failure. */
async function withTimeout<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Asks one server for its models; never throws. */
export async function probeServer(
  candidate: Pick<LocalServerCandidate, 'baseUrl'>,
  deps: ProbeDeps,
): Promise<ProbeResult> {
  const url = `${candidate.baseUrl}/v1/models`;
  const ms = deps.timeoutMs ?? PROBE_TIMEOUT_MS;
  let response: ProbeResponse;
  try {
    response = await withTimeout(ms, (signal) => deps.fetch(url, { signal }));
  } catch {
    // A CORS refusal and a closed port both reject with a TypeError; a no-cors request
    // resolves (opaque) only when something is listening, which separates the two.
    try {
      await withTimeout(ms, (signal) => deps.fetch(url, { mode: 'no-cors', signal }));
      return { state: 'refused' };
    } catch {
      return { state: 'silent' };
    }
  }
  if (!response.ok) return { state: 'not-models', detail: `HTTP ${response.status}` };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { state: 'not-models', detail: 'a reply that is not JSON' };
  }
  const models = modelIdsOf(body);
  return models ? { state: 'answering', models } : { state: 'not-models', detail: 'JSON without a model list' };
}

/** Probes every candidate at once; resolves in candidate order after at most about two timeouts. */
export function detectLocalServers(
  deps: ProbeDeps,
  candidates: readonly LocalServerCandidate[] = LOCAL_SERVERS,
): Promise<LocalServerFinding[]> {
  return Promise.all(
    candidates.map(async (candidate) => ({ ...candidate, result: await probeServer(candidate, deps) })),
  );
}

/**
 * Whether this page can tell a CORS refusal from a server that is not running. A page
 * that is cross-origin isolated (COEP require-corp, as this app is for threaded WASM)
 * has its `no-cors` probe blocked too, so both look the same there.
 */
export function canTellRefusal(crossOriginIsolated: boolean): boolean {
  return !crossOriginIsolated;
}

export interface CorsFix {
  /** What to change, in words. */
  text: string;
  /** A command line or setting to copy, when there is one. */
  command?: string;
}

/** How to let `origin` (this app's address) read a server's replies. */
export function corsFixFor(kind: LocalServerKind, origin: string): CorsFix {
  switch (kind) {
    case 'ollama':
      return {
        text: 'Ollama answers only the origins it is told to (localhost pages aside): start it with this variable set, or set it for the Ollama service and restart it.',
        command: `OLLAMA_ORIGINS=${origin} ollama serve`,
      };
    case 'llama-cpp':
      return {
        text: 'llama-server allows every origin by default; make sure it listens where this browser looks (port 8080 on this machine) and is not behind a proxy that strips the CORS headers.',
        command: 'llama-server -m model.gguf --host 127.0.0.1 --port 8080',
      };
    case 'lm-studio':
      return {
        text: 'In LM Studio’s Developer tab, open the server settings, turn on “Enable CORS” and restart the server; or start it from the command line with CORS on:',
        command: 'lms server start --cors',
      };
  }
}
