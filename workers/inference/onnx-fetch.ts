/**
 * Downloads a model file with progress: streams the response body and reports the
 * fraction from Content-Length (or the size the model's config declares). Failures
 * become AppErrors with a clear message (offline, HTTP status).
 */
import type { LoadProgress } from '../../core/agent/model';
import { AppError } from '../../core/errors';

export type Fetch = (url: string) => Promise<Response>;

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
    throw new AppError('model-failed', `could not download ${url} (offline, and not cached yet?)`, { cause: error, details: { url } });
  }
  if (!response.ok) throw new AppError('model-failed', `downloading ${url} failed with HTTP ${response.status}`, { details: { url, status: response.status } });
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
    if (total > 0) onProgress?.({ fraction: Math.min(0.9, (0.9 * received) / total), text: `Downloading the model: ${Math.round(received / 1024)} of ${Math.round(total / 1024)} KB` });
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
