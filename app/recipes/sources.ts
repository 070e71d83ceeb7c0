/**
 * Reading a recipe from where the person has it: a folder (picked, dropped or from an
 * `<input webkitdirectory>`), a .zip, a URL, or one of the shipped examples. Finds the
 * manifest (at the root or one folder down) and keeps the text files beside it, up to
 * 256 KiB in all; binary or oversized files are skipped with a note. Never parses YAML.
 */
import { unzipSync } from 'fflate';
import { err, ok, type Result } from '../../core/lib/result';
import type { FieldError } from '../../spec/recipe';

/** One file of a picked or dropped folder, by its path inside what was picked. */
export interface SourceFile {
  path: string;
  data: Blob | Uint8Array | string;
}

export type RecipeSource =
  | { kind: 'folder'; files: readonly SourceFile[] }
  | { kind: 'zip'; data: Blob | Uint8Array; name?: string }
  | { kind: 'url'; url: string }
  /** A shipped example: its manifest URL and the other files the index lists. */
  | { kind: 'bundled'; url: string; files?: readonly string[] };

/** What a source held: the manifest's text and the files beside it. */
export interface SourceContents {
  text: string;
  format: 'yaml' | 'json';
  /** The manifest's path inside the source (or its URL). */
  manifestPath: string;
  files: Record<string, string>;
  /** What was left out, in plain words. */
  notes: string[];
  source: 'folder' | 'zip' | 'url' | 'bundled';
}

/** Manifest names, in the order they are looked for. */
export const MANIFEST_NAMES = [
  'recipe.yaml',
  'recipe.yml',
  'recipe.json',
  'manifest.yaml',
  'manifest.yml',
  'manifest.json',
];
export const FILES_CAP_BYTES = 256 * 1024;
const MANIFEST_CAP_BYTES = 256 * 1024;
const ZIP_CAP_BYTES = 16 * 1024 * 1024;

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

const fail = (path: string, message: string): Result<never, FieldError[]> => err([{ path, message }]);
const formatOf = (name: string): 'yaml' | 'json' => (/\.json$/i.test(name) ? 'json' : 'yaml');
const clean = (path: string) => path.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
const hidden = (path: string) => path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');

async function bytesOf(data: SourceFile['data']): Promise<Uint8Array> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  return new Uint8Array(await data.arrayBuffer());
}
const sizeOf = (data: SourceFile['data']) =>
  typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : data.size;

/** Text when `bytes` are UTF-8 without NUL bytes; undefined for binary. */
export function textOf(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The folder holding the manifest ('' for the root, `dir/` one level down) and its path. */
function locate(paths: readonly string[]): Result<{ base: string; manifest: string }, FieldError[]> {
  const set = new Set(paths);
  // One picked file is the manifest whatever its name.
  if (paths.length === 1 && /\.(ya?ml|json)$/i.test(paths[0]!)) return ok({ base: '', manifest: paths[0]! });
  for (const name of MANIFEST_NAMES) if (set.has(name)) return ok({ base: '', manifest: name });
  const dirs = [...new Set(paths.filter((p) => p.split('/').length === 2).map((p) => p.split('/')[0]!))].sort();
  const found = dirs
    .map((dir) => ({ base: `${dir}/`, manifest: MANIFEST_NAMES.map((n) => `${dir}/${n}`).find((p) => set.has(p)) }))
    .filter((hit): hit is { base: string; manifest: string } => hit.manifest !== undefined);
  if (found.length === 1) return ok(found[0]!);
  if (found.length > 1) {
    return fail('(source)', `it holds several recipes (${found.map((f) => f.base).join(', ')}); install one at a time`);
  }
  return fail('(source)', `no manifest found: expected ${MANIFEST_NAMES.join(', ')} at the top or one folder down`);
}

/** The manifest and text files of a set of files (a folder or an unzipped archive). */
export async function readFiles(
  input: readonly SourceFile[],
  source: 'folder' | 'zip',
): Promise<Result<SourceContents, FieldError[]>> {
  const files = input.map((f) => ({ ...f, path: clean(f.path) })).filter((f) => f.path && !hidden(f.path));
  const where = locate(files.map((f) => f.path));
  if (!where.ok) return where;
  const { base, manifest } = where.value;
  const manifestFile = files.find((f) => f.path === manifest)!;
  if (sizeOf(manifestFile.data) > MANIFEST_CAP_BYTES) return fail(manifest, 'the manifest is larger than 256 KiB');
  const text = textOf(await bytesOf(manifestFile.data));
  if (text === undefined) return fail(manifest, 'the manifest is not UTF-8 text');
  const kept: Record<string, string> = {};
  const notes: string[] = [];
  let total = 0;
  const beside = files.filter((f) => f.path !== manifest && f.path.startsWith(base));
  for (const file of beside.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const path = file.path.slice(base.length);
    if (total + sizeOf(file.data) > FILES_CAP_BYTES) {
      notes.push(`skipped ${path}: the files beside the manifest are kept up to 256 KiB in all`);
      continue;
    }
    const fileText = textOf(await bytesOf(file.data));
    if (fileText === undefined) {
      notes.push(`skipped ${path}: not a text file`);
      continue;
    }
    total += new TextEncoder().encode(fileText).byteLength;
    kept[path] = fileText;
  }
  return ok({ text, format: formatOf(manifest), manifestPath: manifest, files: kept, notes, source });
}

/** Unzips `data` (entries over the cap are never inflated) and reads it as a folder. */
export async function readZip(data: Blob | Uint8Array): Promise<Result<SourceContents, FieldError[]>> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
  if (bytes.byteLength > ZIP_CAP_BYTES) return fail('(source)', 'the zip is larger than 16 MiB');
  let entries: Record<string, Uint8Array>;
  const tooBig: string[] = [];
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.name.endsWith('/')) return false;
        if (file.originalSize > FILES_CAP_BYTES) tooBig.push(file.name);
        return file.originalSize <= FILES_CAP_BYTES;
      },
    });
  } catch (error) {
    return fail('(source)', `not a readable zip file (${error instanceof Error ? error.message : String(error)})`);
  }
  const read = await readFiles(
    Object.entries(entries).map(([path, data]) => ({ path, data })),
    'zip',
  );
  if (read.ok) for (const name of tooBig) read.value.notes.push(`skipped ${name}: larger than 256 KiB`);
  return read;
}

/** A URL to a folder (no file extension at its end) means the `recipe.yaml` inside it. */
export function manifestUrl(raw: string, base?: string): Result<URL, FieldError[]> {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return fail('url', `"${raw}" is not a web address; give the http(s) address of a recipe.yaml or recipe.json`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('url', `${url.protocol} addresses are not supported; give an http(s) address`);
  }
  // A last segment without an extension (or a trailing slash) names a folder.
  const last = url.pathname.split('/').pop() ?? '';
  if (!last.includes('.')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/recipe.yaml`;
  return ok(url);
}

async function fetchText(url: URL, fetcher: FetchLike, path: string): Promise<Result<Response, FieldError[]>> {
  try {
    const response = await fetcher(url.href);
    if (!response.ok) return fail(path, `${url.href} answered ${response.status}; expected a recipe manifest there`);
    return ok(response);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return fail(path, `could not fetch ${url.href} (${why}); the site may be down or may not allow this app (CORS)`);
  }
}

/** Fetches a manifest (and, for a shipped example, the files its index lists). */
export async function readUrl(
  raw: string,
  fetcher: FetchLike,
  options: { base?: string; files?: readonly string[]; source?: 'url' | 'bundled' } = {},
): Promise<Result<SourceContents, FieldError[]>> {
  const located = manifestUrl(raw, options.base);
  if (!located.ok) return located;
  const url = located.value;
  const response = await fetchText(url, fetcher, 'url');
  if (!response.ok) return response;
  const type = response.value.headers.get('content-type') ?? '';
  const text = await response.value.text();
  if (/text\/html/i.test(type) || /^\s*<(!doctype|html)/i.test(text)) {
    return fail('url', `${url.href} is a web page, not a recipe manifest (recipe.yaml or recipe.json)`);
  }
  const files: Record<string, string> = {};
  const notes: string[] = [];
  for (const name of options.files ?? []) {
    const file = await fetchText(new URL(name, url), fetcher, `files.${name}`);
    if (!file.ok) notes.push(`skipped ${name}: ${file.error[0]!.message}`);
    else files[name] = await file.value.text();
  }
  const format = /json/i.test(type) || /\.json$/i.test(url.pathname) ? 'json' : 'yaml';
  return ok({ text, format, manifestPath: url.href, files, notes, source: options.source ?? 'url' });
}

/** Reads any source; `base` resolves relative URLs (the app's origin). */
export function readSource(
  source: RecipeSource,
  deps: { fetch: FetchLike; base?: string },
): Promise<Result<SourceContents, FieldError[]>> {
  switch (source.kind) {
    case 'folder':
      return readFiles(source.files, 'folder');
    case 'zip':
      return readZip(source.data);
    case 'url':
      return readUrl(source.url, deps.fetch, { base: deps.base });
    case 'bundled':
      return readUrl(source.url, deps.fetch, { base: deps.base, files: source.files ?? [], source: 'bundled' });
  }
}
