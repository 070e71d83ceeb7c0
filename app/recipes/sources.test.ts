/** Reading recipes from folders, zips and URLs: where the manifest is, which files are kept, the errors. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FILES_CAP_BYTES, manifestUrl, readFiles, readUrl, readZip } from './sources';

const MANIFEST = 'id: demo\nname: Demo\n';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('reading a folder', () => {
  it('finds the manifest one folder down (webkitdirectory paths) and keeps the text files beside it', async () => {
    const read = await readFiles(
      [
        { path: 'demo/recipe.yaml', data: MANIFEST },
        { path: 'demo/prompts/system.md', data: bytes('Be brief.') },
        { path: 'demo/.git/config', data: 'x' },
        { path: 'other.txt', data: 'outside the recipe folder' },
      ],
      'folder',
    );
    expect(read.ok && read.value).toMatchObject({
      text: MANIFEST,
      format: 'yaml',
      manifestPath: 'demo/recipe.yaml',
      files: { 'prompts/system.md': 'Be brief.' },
      notes: [],
      source: 'folder',
    });
  });

  it('prefers recipe.yaml at the root over manifest.json, and reads JSON manifests as JSON', async () => {
    const both = await readFiles(
      [
        { path: 'manifest.json', data: '{}' },
        { path: 'recipe.yaml', data: MANIFEST },
      ],
      'folder',
    );
    expect(both.ok && both.value.manifestPath).toBe('recipe.yaml');
    const json = await readFiles([{ path: 'x/manifest.json', data: '{}' }], 'folder');
    expect(json.ok && json.value.format).toBe('json');
  });

  it('skips binary files and files past the 256 KiB total, each with a note', async () => {
    const read = await readFiles(
      [
        { path: 'recipe.yaml', data: MANIFEST },
        { path: 'a-logo.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff]) },
        { path: 'b-big.txt', data: 'x'.repeat(FILES_CAP_BYTES - 10) },
        { path: 'c-more.txt', data: 'y'.repeat(100) },
      ],
      'folder',
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(Object.keys(read.value.files)).toEqual(['b-big.txt']);
    expect(read.value.notes).toEqual([
      'skipped a-logo.png: not a text file',
      'skipped c-more.txt: the files beside the manifest are kept up to 256 KiB in all',
    ]);
  });

  it('says which names it looked for when there is no manifest, and refuses two recipes at once', async () => {
    const none = await readFiles(
      [
        { path: 'a/readme.md', data: 'hi' },
        { path: 'b.txt', data: 'x' },
      ],
      'folder',
    );
    expect(none.ok ? [] : none.error).toEqual([
      { path: '(source)', message: expect.stringContaining('no manifest found: expected recipe.yaml, recipe.yml') },
    ]);
    const two = await readFiles(
      [
        { path: 'a/recipe.yaml', data: MANIFEST },
        { path: 'b/recipe.yaml', data: MANIFEST },
      ],
      'folder',
    );
    expect(two.ok ? '' : two.error[0]!.message).toContain('several recipes (a/, b/)');
  });

  it('takes one picked file as the manifest whatever its name', async () => {
    const read = await readFiles([{ path: 'my-recipe.yml', data: MANIFEST }], 'folder');
    expect(read.ok && read.value.manifestPath).toBe('my-recipe.yml');
  });
});

describe('reading a zip', () => {
  it('unzips and finds the manifest one folder down, ignoring __MACOSX', async () => {
    const zip = zipSync({
      'demo/recipe.yml': bytes(MANIFEST),
      'demo/notes.txt': bytes('n'),
      '__MACOSX/demo/._recipe.yml': bytes('junk'),
    });
    const read = await readZip(zip);
    expect(read.ok && read.value).toMatchObject({ manifestPath: 'demo/recipe.yml', files: { 'notes.txt': 'n' } });
    expect(read.ok && read.value.source).toBe('zip');
  });

  it('says so when the bytes are not a zip', async () => {
    const read = await readZip(bytes('not a zip at all'));
    expect(read.ok ? '' : read.error[0]!.message).toMatch(/^not a readable zip file/);
  });
});

describe('reading a URL', () => {
  // Answers like a static server would; the e2e test installs over the real sync server.
  const site: Record<string, { body: string; type?: string }> = {
    '/r/recipe.yaml': { body: MANIFEST },
    '/r/prompt.md': { body: 'Prompt text' },
    '/page/recipe.yaml': { body: '<!doctype html><p>hi</p>', type: 'text/html' },
  };
  const base = 'http://site.test';
  const fetcher = async (url: string) => {
    const hit = site[new URL(url).pathname];
    return hit
      ? new Response(hit.body, { headers: { 'content-type': hit.type ?? 'text/yaml' } })
      : new Response('no', { status: 404 });
  };

  it('a URL to a folder means the recipe.yaml inside it; listed files come along', async () => {
    const read = await readUrl(`${base}/r/`, fetcher, { files: ['prompt.md'], source: 'bundled' });
    expect(read.ok && read.value).toMatchObject({
      text: MANIFEST,
      manifestPath: `${base}/r/recipe.yaml`,
      files: { 'prompt.md': 'Prompt text' },
      source: 'bundled',
    });
  });

  it('a web page or a 404 is refused with the address and why', async () => {
    const page = await readUrl(`${base}/page`, fetcher);
    expect(page.ok ? '' : page.error[0]).toEqual({
      path: 'url',
      message: `${base}/page/recipe.yaml is a web page, not a recipe manifest (recipe.yaml or recipe.json)`,
    });
    const missing = await readUrl(`${base}/nothing.json`, fetcher);
    expect(missing.ok ? '' : missing.error[0]!.message).toBe(
      `${base}/nothing.json answered 404; expected a recipe manifest there`,
    );
  });

  it('a fetch that fails (offline, CORS) says so with the address', async () => {
    const read = await readUrl(`${base}/x.yaml`, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(read.ok ? '' : read.error[0]!.message).toBe(
      `could not fetch ${base}/x.yaml (Failed to fetch); the site may be down or may not allow this app (CORS)`,
    );
  });

  it('an address that is not http(s) or not an address at all is refused before fetching', () => {
    expect(manifestUrl('ftp://example.com/r.yaml').ok).toBe(false);
    const bad = manifestUrl('not a url');
    expect(bad.ok ? '' : bad.error[0]!.message).toContain('is not a web address');
    const relative = manifestUrl('/recipes/demo/', 'http://app.test/#/gallery');
    expect(relative.ok && relative.value.href).toBe('http://app.test/recipes/demo/recipe.yaml');
  });
});
