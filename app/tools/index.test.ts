import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { BUILTIN_TOOLS } from '../../core/tools/builtin';
import { createEventMaker } from '../db/test-support';
import { createMemoryJournal } from '../state/testing/memory-journal';
import { createBrowserToolbox } from './index';
import { MemoryDirectory } from './testing/memory-directory';

function toolbox() {
  const maker = createEventMaker();
  const journal = createMemoryJournal([
    maker.make('episode.started', { agent: 'probe', input: 'find the recipe' }, { corr_id: 'e0', project_id: 'p1' }),
  ]);
  const doc = new Y.Doc();
  const root = new MemoryDirectory('p1');
  const fetched: string[] = [];
  const box = createBrowserToolbox({
    fetch: (url) => {
      fetched.push(url);
      return Promise.resolve(
        new Response('<title>Page</title><p>Body text</p>', { headers: { 'content-type': 'text/html' } }),
      );
    },
    clock: { now: () => 0 },
    journal,
    notesDoc: () => Promise.resolve(doc),
    folder: () => Promise.resolve(root),
  });
  return { box, fetched };
}

describe('createBrowserToolbox', () => {
  test('offers all ten built-in tools, each with its spec', () => {
    const { box } = toolbox();
    expect(box.names().sort()).toEqual(BUILTIN_TOOLS.map((tool) => tool.name).sort());
    expect(box.specs()).toHaveLength(10);
  });

  test('a page fetched, its text extracted and saved in notes and files, then found again', async () => {
    const { box, fetched } = toolbox();
    const context = { projectId: 'p1', corrId: 'e1' };
    const page = await box.run('http.fetch', { url: 'https://example.com/page' }, context);
    expect(fetched).toEqual(['https://example.com/page']);
    const html = page.ok ? (page.value as { body: string }).body : '';
    const extracted = await box.run('text.extract', { html }, context);
    expect(extracted).toEqual({ ok: true, value: { title: 'Page', text: 'Body text', truncated: false } });
    expect(await box.run('notes.append', { text: '# Page\n\nBody text' }, context)).toEqual({
      ok: true,
      value: { length: 17 },
    });
    expect(await box.run('notes.read', {}, context)).toEqual({ ok: true, value: { text: '# Page\n\nBody text' } });
    expect(await box.run('files.write', { path: 'pages/page.md', content: 'Body text' }, context)).toEqual({
      ok: true,
      value: { path: 'pages/page.md', bytes: 9 },
    });
    expect(await box.run('files.list', { path: 'pages' }, context)).toEqual({
      ok: true,
      value: { path: 'pages', entries: [{ name: 'page.md', kind: 'file', size: 9 }] },
    });
    const found = await box.run('journal.search', { query: 'RECIPE' }, context);
    expect(found.ok && (found.value as { matches: { corr_id: string }[] }).matches.map((m) => m.corr_id)).toEqual([
      'e0',
    ]);
    expect(await box.run('math.eval', { expression: '6*7' }, context)).toEqual({
      ok: true,
      value: { expression: '6*7', value: 42 },
    });
    expect(await box.run('clock.now', {}, context)).toEqual({
      ok: true,
      value: { iso: '1970-01-01T00:00:00.000Z', epoch_ms: 0 },
    });
  });

  test("a tool's thrown error comes back as a value", async () => {
    const { box } = toolbox();
    expect(await box.run('files.read', { path: 'missing.md' }, { projectId: 'p1' })).toEqual({
      ok: false,
      error: 'files.read: missing.md does not exist',
    });
  });
});
