/**
 * Text and base64 helpers for the vault. Core's lib is ES2022 without DOM types, yet
 * every runtime the vault runs in (browsers, workers, Node 20) has TextEncoder,
 * TextDecoder, atob and btoa: they are typed here once instead of re-implemented.
 */
interface Utf8Decoder {
  decode(bytes?: Uint8Array, options?: { stream: boolean }): string;
}
const runtime = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array<ArrayBuffer> };
  TextDecoder: new (label?: string, options?: { fatal: boolean }) => Utf8Decoder;
  atob(text: string): string;
  btoa(text: string): string;
};

const encoder = new runtime.TextEncoder();

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text);

/** A streaming UTF-8 decoder (pass `{stream: true}` for every chunk but the last). */
export const createUtf8Decoder = (): Utf8Decoder => new runtime.TextDecoder();

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  return runtime.btoa(text);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = runtime.atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
