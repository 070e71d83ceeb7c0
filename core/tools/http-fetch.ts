/**
 * The http.fetch executor over an injected `fetch` (the browser's, a worker's or Node's).
 * It reads the body as a stream and stops at max_bytes, enforces timeout_ms, parses JSON
 * when asked, and words each failure as what a person can act on. A non-2xx answer is a
 * result with its status, not an error. It does not check permissions (the decision point did).
 */
import { netScopeOf } from '../policy/scope';
import type { HttpFetchParams } from './params';
import { hostTimer, seconds, type Timer } from './timer';
import type { ToolContext, ToolExecutor } from './types';
import { decodeUtf8 } from './utf8';

/** What the executor sends: a subset of RequestInit. */
export interface FetchInit {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /** An AbortSignal from `abortController`. */
  signal?: unknown;
  redirect: 'follow';
}

/** The part of a fetch Response the executor reads. */
export interface FetchResponseLike {
  status: number;
  url: string;
  headers: { get(name: string): string | null };
  body: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array }>;
      cancel(reason?: unknown): Promise<void>;
    };
  } | null;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

export interface AbortControllerLike {
  readonly signal: unknown;
  abort(): void;
}

export interface HttpFetchDeps {
  fetch: FetchLike;
  timer?: Timer;
  /** Default: the host's AbortController. */
  abortController?: () => AbortControllerLike;
}

export interface HttpFetchResult {
  status: number;
  url: string;
  content_type: string;
  body: unknown;
  truncated: boolean;
}

/** The reason people see when the browser refuses or cannot reach a site (fetch's TypeError). */
export const unreachable = (url: string) =>
  `the site refused the request from the browser (CORS) or could not be reached: ${url}`;

const hostAbortController = (): AbortControllerLike =>
  new (globalThis as unknown as { AbortController: new () => AbortControllerLike }).AbortController();

/** Reads up to `maxBytes` of the body, then cancels the rest of the stream. */
async function readBody(
  body: FetchResponseLike['body'],
  maxBytes: number,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (body === null) return { bytes: new Uint8Array(0), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value === undefined || value.length === 0) continue;
    if (length + value.length > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - length));
      length = maxBytes;
      truncated = true;
      // The rest may be endless (a stream, a huge file): stop reading, close the connection.
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    length += value.length;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, truncated };
}

/** Text in the response's charset: UTF-8, or Latin-1 for the legacy charsets that say so. */
function decodeText(bytes: Uint8Array, contentType: string, truncated: boolean): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset !== undefined && /^(iso-8859-1|latin1|us-ascii|windows-1252)$/.test(charset)) {
    let text = '';
    for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
    return text;
  }
  return decodeUtf8(bytes, truncated);
}

/** Parses a JSON body; a failure on a 2xx answer is an error, on others the text is kept. */
function jsonBody(text: string, status: number, url: string, truncated: boolean, maxBytes: number): unknown {
  const success = status >= 200 && status < 300;
  if (truncated) {
    if (!success) return text;
    throw new RangeError(
      `http.fetch: the JSON from ${url} is longer than max_bytes (${maxBytes}); raise max_bytes (up to 1048576) or fetch it as text`,
    );
  }
  try {
    return text.trim() === '' ? null : JSON.parse(text);
  } catch (error) {
    if (!success) return text;
    const why = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`http.fetch: the body from ${url} is not valid JSON (${why}); fetch it with as: "text"`);
  }
}

/** The executor: GET/POST `params.url` and return status, final url, content type and body. */
export function createHttpFetch(deps: HttpFetchDeps): ToolExecutor<HttpFetchParams> {
  const timer = deps.timer ?? hostTimer;
  const newController = deps.abortController ?? hostAbortController;
  return async (params: HttpFetchParams, context: ToolContext): Promise<HttpFetchResult> => {
    const controller = newController();
    let why: 'timeout' | 'stopped' | undefined;
    const stop = (reason: 'timeout' | 'stopped') => {
      why ??= reason;
      controller.abort();
    };
    const cancel = timer(params.timeout_ms, () => stop('timeout'));
    if (context.signal?.aborted) stop('stopped');
    context.signal?.addEventListener('abort', () => stop('stopped'));
    const failure = (error: unknown, reading: boolean): Error => {
      if (why === 'timeout')
        return new Error(`http.fetch: no answer from ${params.url} within ${seconds(params.timeout_ms)} (timeout_ms)`);
      if (why === 'stopped') return new Error('http.fetch was stopped');
      const message = error instanceof Error ? error.message : String(error);
      if (reading) return new Error(`http.fetch: the connection to ${params.url} broke while reading (${message})`);
      // fetch rejects with a bare TypeError for CORS refusals and network failures alike.
      return error instanceof TypeError ? new Error(unreachable(params.url)) : new Error(message);
    };
    try {
      let response: FetchResponseLike;
      try {
        response = await deps.fetch(params.url, {
          method: params.method,
          redirect: 'follow',
          signal: controller.signal,
          ...(params.headers ? { headers: params.headers } : {}),
          ...(params.method === 'POST' && params.body !== undefined ? { body: params.body } : {}),
        });
      } catch (error) {
        throw failure(error, false);
      }
      const finalUrl = response.url || params.url;
      if (netScopeOf(finalUrl) !== netScopeOf(params.url)) {
        await response.body
          ?.getReader()
          .cancel()
          .catch(() => undefined);
        throw new Error(
          `http.fetch: ${params.url} redirected to ${finalUrl}, another site; fetch that URL itself (it needs its own permission)`,
        );
      }
      const contentType = response.headers.get('content-type') ?? '';
      let read: { bytes: Uint8Array; truncated: boolean };
      try {
        read = await readBody(response.body, params.max_bytes);
      } catch (error) {
        throw failure(error, true);
      }
      const text = decodeText(read.bytes, contentType, read.truncated);
      const body =
        params.as === 'json' ? jsonBody(text, response.status, params.url, read.truncated, params.max_bytes) : text;
      return { status: response.status, url: finalUrl, content_type: contentType, body, truncated: read.truncated };
    } finally {
      cancel();
    }
  };
}
