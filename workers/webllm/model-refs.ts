/**
 * web-llm model references: prebuilt records as catalog entries, custom model URLs and
 * their checks before web-llm sees them (config preflight), and every load failure
 * mapped to one AppError code. No engine here: webllm-api.ts owns the engine.
 */
import { AppError, isAppError } from '../../core/errors';
import type { WebLlmCatalogEntry, WebLlmCustomRef, WebLlmModelRef } from './api';

type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/** One prebuilt record as a catalog entry (without the cache state, which needs the browser). */
export function catalogEntryOf(record: {
  model_id: string;
  vram_required_MB?: number;
  low_resource_required?: boolean;
}): WebLlmCatalogEntry {
  return {
    id: record.model_id,
    ...(record.vram_required_MB === undefined ? {} : { vramRequiredMB: record.vram_required_MB }),
    ...(record.low_resource_required === undefined ? {} : { lowResource: record.low_resource_required }),
  };
}

export const isCustom = (ref: WebLlmModelRef): ref is WebLlmCustomRef => 'model' in ref;

/**
 * web-llm's own rule (`cleanModelUrl`): the files live under `<model>/resolve/main/`
 * unless `model` already contains `/resolve/<branch>/` (the Hugging Face layout).
 */
export function modelFilesBase(model: string): string {
  let base = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(base)) base += 'resolve/main/';
  return new URL(base).href;
}

const configUrl = (model: string) => new URL('mlc-chat-config.json', modelFilesBase(model)).href;

/** Maps whatever web-llm (or our preflight) threw to one of the webllm-* codes. */
export function classifyLoadError(error: unknown, modelId: string): AppError {
  if (isAppError(error)) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const text = message.toLowerCase();
  if (error instanceof TypeError && /fetch|network|load failed/.test(text))
    return new AppError(
      'webllm-host-unreachable',
      `web-llm model ${modelId}: the model host could not be reached (${message})`,
      { cause: error },
    );
  if (error instanceof TypeError && /cache.*request failed/.test(text))
    return new AppError(
      'webllm-host-unreachable',
      `web-llm model ${modelId}: a model file could not be fetched: it is missing, the host answered an HTTP error, or it does not allow this app (CORS) (${message})`,
      { cause: error },
    );
  if (error instanceof SyntaxError || /json/.test(text))
    return new AppError(
      'webllm-config-invalid',
      `web-llm model ${modelId}: mlc-chat-config.json is not valid JSON (${message})`,
      { cause: error },
    );
  if (/webassembly|wasm|compileerror|linkerror|magic/.test(text))
    return new AppError(
      'webllm-lib-invalid',
      `web-llm model ${modelId}: the model library is not an MLC WebGPU wasm (${message})`,
      { cause: error },
    );
  return new AppError('webllm-load-failed', `web-llm model ${modelId}: ${message}`, { cause: error });
}

/** Checks a custom model's config before web-llm does, so its problems get a precise message. */
export async function preflightConfig(
  deps: { fetch: FetchLike },
  ref: WebLlmCustomRef,
  signal: AbortSignal,
): Promise<void> {
  const url = configUrl(ref.model);
  let response: Response;
  try {
    response = await deps.fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new AppError(
      'webllm-host-unreachable',
      `web-llm model ${ref.model_id}: ${url} could not be fetched (${String(error)})`,
      { cause: error },
    );
  }
  if (!response.ok)
    throw new AppError(
      'webllm-config-invalid',
      `web-llm model ${ref.model_id}: ${url} answered HTTP ${response.status}`,
    );
  let config: unknown;
  try {
    config = JSON.parse(await response.text());
  } catch (error) {
    if (signal.aborted) throw error;
    throw new AppError(
      'webllm-config-invalid',
      `web-llm model ${ref.model_id}: ${url} is not valid JSON (${String(error)})`,
      { cause: error },
    );
  }
  const missing = ['conv_template', 'tokenizer_files', 'context_window_size'].filter(
    (key) => typeof config !== 'object' || config === null || !(key in config),
  );
  if (missing.length > 0)
    throw new AppError(
      'webllm-config-invalid',
      `web-llm model ${ref.model_id}: ${url} lacks ${missing.join(', ')} (not an MLC chat config)`,
    );
}

export function validateRef(ref: WebLlmModelRef): void {
  if (isCustom(ref)) {
    for (const key of ['model', 'model_id', 'model_lib'] as const) {
      if (typeof ref[key] !== 'string' || ref[key].length === 0)
        throw new AppError('invalid-request', `web-llm custom model: ${key} is required`);
    }
    for (const key of ['model', 'model_lib'] as const) {
      if (!URL.canParse(ref[key]))
        throw new AppError('invalid-request', `web-llm custom model: ${key} is not an absolute URL: ${ref[key]}`);
    }
  } else if (typeof ref.id !== 'string' || ref.id.length === 0)
    throw new AppError('invalid-request', 'web-llm model: id is required');
}
