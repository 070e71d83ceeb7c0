import { describe, expect, it } from 'vitest';
import { loadModelCatalog } from './model-catalog';

const ok = (value: unknown) => async () => ({ ok: true, status: 200, json: async () => value });

describe('the model catalog', () => {
  it('resolves each manifest against the catalog’s address', async () => {
    const result = await loadModelCatalog(
      'http://app.test/base/models/catalog.json',
      ok({ v: 1, manifests: [{ manifest: 'm.json', title: 'M', about: 'a model', bytes: 10 }] }),
    );
    expect(result).toEqual({
      ok: true,
      entries: [{ title: 'M', about: 'a model', bytes: 10, manifestUrl: 'http://app.test/base/models/m.json' }],
    });
  });

  it('a missing or malformed catalog is a problem to show, not a crash', async () => {
    expect(
      await loadModelCatalog('http://a/c.json', async () => ({ ok: false, status: 404, json: async () => ({}) })),
    ).toEqual({
      ok: false,
      problem: 'the catalog could not be loaded (HTTP 404)',
    });
    expect(await loadModelCatalog('http://a/c.json', ok({ v: 2 }))).toMatchObject({ ok: false });
    expect(
      await loadModelCatalog('http://a/c.json', async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).toMatchObject({ ok: false, problem: expect.stringContaining('Failed to fetch') });
  });
});
