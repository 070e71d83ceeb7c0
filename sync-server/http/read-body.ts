/**
 * Reads a request body with a hard size cap: 413 from Content-Length before reading,
 * and for chunked bodies as soon as the running total passes the cap, so an
 * oversized body never reaches a handler and is never held whole in memory.
 */
import { AppError } from '../../core/errors/app-error';

/** The body as text, or AppError `payload-too-large` (413) when it exceeds `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !request.headers.has('transfer-encoding') && Number(declared) > maxBytes) {
    throw new AppError('payload-too-large', `the body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError('payload-too-large', `the body is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** True when the request carries a body stream (GET/HEAD never do). */
export function hasBody(request: Request): boolean {
  return request.body !== null;
}
