/**
 * What came back from a pasted manifest URL, before the schema looks at it: a body that
 * is not a model manifest at all (an HTML page, text that is not JSON, JSON without a
 * manifest's fields) is named as such instead of being listed as schema errors; a
 * manifest's relative `url` is resolved against the manifest's own address, so a
 * manifest can sit beside its file. Pure: no fetch here.
 */

/** The fields that make a JSON object a model manifest (core/models/manifest.ts). */
export const MANIFEST_FIELDS = ['id', 'url', 'bytes', 'sha256'] as const;

export type ManifestBody =
  | { ok: true; value: unknown }
  /** `found` completes "it returned …". */
  | { ok: false; found: string };

const describeJson = (value: unknown): string =>
  Array.isArray(value)
    ? 'a JSON list'
    : value === null || typeof value !== 'object'
      ? `the JSON value ${JSON.stringify(value).slice(0, 40)}`
      : 'a JSON object';

/** Reads a response body as a manifest candidate: parsed JSON with at least two of the manifest's fields. */
export function readManifestBody(text: string, contentType: string | null = null): ManifestBody {
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /\btext\/html\b/i.test(contentType ?? ''))
    return { ok: false, found: 'an HTML page' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, found: text.trim() === '' ? 'an empty reply' : 'text that is not JSON' };
  }
  const fields =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? MANIFEST_FIELDS.filter((field) => field in value)
      : [];
  // Two fields or more: a manifest with mistakes, whose field errors help; fewer: some other JSON.
  if (fields.length < 2)
    return {
      ok: false,
      found: `${describeJson(value)} without a manifest’s fields (${
        fields.length === 0 ? 'none' : `only ${fields.join(', ')}`
      } of ${MANIFEST_FIELDS.join(', ')})`,
    };
  return { ok: true, value };
}

/** The sentence people read for a URL whose body is not a manifest. */
export function notManifestMessage(found: string): string {
  return `This URL does not point to a model manifest: it returned ${found}. A manifest is a small JSON file that says where a model’s file is (url), its size (bytes) and its SHA-256 hash (sha256), with an id.`;
}

/** `value` with a relative `url` resolved against `manifestUrl` (other values unchanged). */
export function resolveManifestUrl(value: unknown, manifestUrl: string): unknown {
  if (typeof value !== 'object' || value === null || typeof (value as { url?: unknown }).url !== 'string') return value;
  const url = (value as { url: string }).url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return value;
  try {
    return { ...value, url: new URL(url, manifestUrl).href };
  } catch {
    return value;
  }
}
