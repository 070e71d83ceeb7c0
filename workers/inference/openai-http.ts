/**
 * HTTP plumbing for OpenAI-compatible servers (llama.cpp server, Ollama, LM Studio…):
 * the server config, URLs, headers, and the mapping of failures to AppErrors that
 * carry the server's own message. No streaming logic here (see openai-adapter.ts).
 */
import { z } from 'zod';
import { AppError, type ErrorCode } from '../../core/errors';

/** One server the user configured; `model` is the name the server knows it by. */
export interface OpenAiServerConfig {
  baseUrl: string;
  apiKey?: string;
  model: string;
}

/** Parses the server list the app sends across the worker boundary. */
export const OpenAiServersSchema = z
  .array(z.object({ baseUrl: z.url(), apiKey: z.string().max(4096).optional(), model: z.string().min(1).max(256) }))
  .max(32);

export type HttpFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The prefix of model ids this backend answers to: `openai:<model>`. */
export const OPENAI_ID_PREFIX = 'openai:';

/** `{baseUrl}/v1/<path>`, tolerating a trailing slash or a base that already ends in `/v1`. */
export function endpoint(baseUrl: string, path: string): string {
  const base = baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${base}/v1/${path}`;
}

export function headersFor(config: Pick<OpenAiServerConfig, 'apiKey'>, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: json ? 'application/json' : 'text/event-stream' };
  if (json) headers['content-type'] = 'application/json';
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  return headers;
}

/** The message inside an error body: OpenAI `{error:{message}}`, Ollama `{error:"…"}`, or the text. */
export async function serverMessage(response: Response): Promise<string> {
  let text = '';
  try {
    text = (await response.text()).trim();
  } catch {
    return response.statusText;
  }
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const nested = typeof body.error === 'string' ? body.error : body.error?.message;
    const message = [nested, body.message, body.detail].find((m) => typeof m === 'string');
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return (text || response.statusText).slice(0, 500);
}

/** The AppError for a non-2xx answer, with the status and the server's message. */
export async function httpError(response: Response, url: string, what: string): Promise<AppError> {
  const message = await serverMessage(response);
  const status = response.status;
  const code: ErrorCode =
    status === 401 || status === 403
      ? 'model-server-unauthorized'
      : status === 404
        ? 'model-server-not-found'
        : 'model-server-error';
  return new AppError(code, `${what} failed with HTTP ${status}: ${message}`, { details: { url, status, message } });
}

/** A fetch whose network failure becomes `model-server-unreachable`; aborts rethrow as is. */
export async function request(fetcher: HttpFetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetcher(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    const reason =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new AppError('model-server-unreachable', `could not reach ${new URL(url).origin} (${reason})`, {
      cause: error,
      details: { url },
    });
  }
}

/** The model names `GET /v1/models` lists (OpenAI `{data:[{id}]}`, also `{models:[{name}]}`). */
export async function listServerModels(
  fetcher: HttpFetch,
  config: OpenAiServerConfig,
  timeoutMs = 3000,
): Promise<string[]> {
  const url = endpoint(config.baseUrl, 'models');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      response = await request(fetcher, url, { headers: headersFor(config, true), signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted)
        throw new AppError('model-server-unreachable', `${url} did not answer within ${timeoutMs} ms`, {
          details: { url },
        });
      throw error;
    }
    if (!response.ok) throw await httpError(response, url, 'listing models');
    const body = (await response.json().catch(() => ({}))) as {
      data?: { id?: unknown }[];
      models?: { name?: unknown }[];
    };
    const ids = [...(body.data ?? []).map((m) => m.id), ...(body.models ?? []).map((m) => m.name)];
    return ids.filter((id): id is string => typeof id === 'string');
  } finally {
    clearTimeout(timer);
  }
}
