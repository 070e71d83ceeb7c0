import { describe, expect, it } from 'vitest';
import { notManifestMessage, readManifestBody, resolveManifestUrl } from './manifest-source';

describe('what a manifest URL returned', () => {
  it('an HTML page is not a manifest, by its start or its content type', () => {
    expect(readManifestBody('<!DOCTYPE html><html><body>Hugging Face</body></html>')).toEqual({
      ok: false,
      found: 'an HTML page',
    });
    expect(readManifestBody('  <html lang="en">')).toMatchObject({ found: 'an HTML page' });
    expect(readManifestBody('{"id":"x"}', 'text/html; charset=utf-8')).toMatchObject({ found: 'an HTML page' });
  });

  it('text that is not JSON, or nothing, says so', () => {
    expect(readManifestBody('GGUF\u0003binary…')).toEqual({ ok: false, found: 'text that is not JSON' });
    expect(readManifestBody('  ')).toEqual({ ok: false, found: 'an empty reply' });
  });

  it('JSON without the manifest fields names what it lacks', () => {
    expect(readManifestBody('{"name":"llama","files":[]}')).toEqual({
      ok: false,
      found: 'a JSON object without a manifest’s fields (none of id, url, bytes, sha256)',
    });
    expect(readManifestBody('{"id":"llama"}')).toMatchObject({
      found: expect.stringContaining('(only id of id, url, bytes, sha256)'),
    });
    expect(readManifestBody('[1,2]')).toMatchObject({ found: expect.stringMatching(/^a JSON list without/) });
    expect(readManifestBody('42')).toMatchObject({ found: expect.stringMatching(/^the JSON value 42 without/) });
  });

  it('a manifest with mistakes is passed on, so its field errors can be shown', () => {
    expect(readManifestBody('{"id":"m","url":"x","sha256":"XYZ"}')).toEqual({
      ok: true,
      value: { id: 'm', url: 'x', sha256: 'XYZ' },
    });
  });

  it('the sentence starts with what the URL is not', () => {
    expect(notManifestMessage('an HTML page')).toMatch(
      /^This URL does not point to a model manifest: it returned an HTML page\./,
    );
  });
});

describe('a manifest beside its file', () => {
  it('a relative url is resolved against the manifest’s address; absolute ones stay', () => {
    expect(resolveManifestUrl({ id: 'a', url: 'arw-tiny-char.onnx' }, 'http://h:1/models/m.json')).toEqual({
      id: 'a',
      url: 'http://h:1/models/arw-tiny-char.onnx',
    });
    expect(resolveManifestUrl({ url: 'https://x.test/f.bin' }, 'http://h/m.json')).toEqual({
      url: 'https://x.test/f.bin',
    });
    expect(resolveManifestUrl('nope', 'http://h/m.json')).toBe('nope');
  });
});
