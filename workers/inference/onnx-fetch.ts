/**
 * Downloads a model file with progress: streams the response body and reports the
 * fraction from Content-Length (or the size the model's config declares). Failures
 * become AppErrors with a clear message (offline, HTTP status). `fetchCharModel` is the
 * char adapter's default source: `<base><id>.json`, then the .onnx it names.
 */
import type { LoadProgress, ModelRef } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import { CharModelMetaSchema, type CharModelMeta } from './onnx-model-meta';

export type Fetch = (url: string) => Promise<Response>;

/** Gives a char model's config and .onnx bytes, reporting progress up to 0.9. */
export type CharModelSource = (
  model: ModelRef,
  report: (progress: LoadProgress) => void,
) => Promise<{ meta: CharModelMeta; bytes: Uint8Array }>;

/** The source over HTTP: `model.url` (a mirror) or `baseUrl`, holding `<id>.json` and its .onnx. */
export function fetchCharModel(fetcher: Fetch, baseUrl: string): CharModelSource {
  return async (model, report) => {
    report({ fraction: 0, text: 'Reading the tiny model’s config' });
    const base = model.url ?? baseUrl;
    const configBytes = await fetchWithProgress(fetcher, `${base}${model.id}.json`, undefined);
    const parsed = CharModelMetaSchema.safeParse(JSON.parse(new TextDecoder().decode(configBytes)));
    if (!parsed.success)
      throw new AppError('model-failed', `the config of ${model.id} is not valid: ${parsed.error.message}`);
    const meta = parsed.data;
    return { meta, bytes: await fetchWithProgress(fetcher, `${base}${meta.file}`, report, meta.bytes) };
  };
}

/** The bytes at `url`; `expectedBytes` is used when the server sends no Content-Length. */
export async function fetchWithProgress(
  fetcher: Fetch,
  url: string,
  onProgress: ((progress: LoadProgress) => void) | undefined,
  expectedBytes?: number,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new AppError('model-failed', `could not download ${url} (offline, and not cached yet?)`, {
      cause: error,
      details: { url },
    });
  }
  if (!response.ok)
    throw new AppError('model-failed', `downloading ${url} failed with HTTP ${response.status}`, {
      details: { url, status: response.status },
    });
  const total = Number(response.headers.get('content-length')) || expectedBytes || 0;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total > 0)
      onProgress?.({
        fraction: Math.min(0.9, (0.9 * received) / total),
        text: `Downloading the model: ${Math.round(received / 1024)} of ${Math.round(total / 1024)} KB`,
      });
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
