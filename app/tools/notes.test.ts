import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { notesOf } from '../collab/project-doc';
import { createNotesAppend, createNotesRead, NOTES_TOOL_ORIGIN, openProjectNotes } from './notes';

function docs() {
  const byProject = new Map<string, Y.Doc>();
  const notesDoc = (project: string) => {
    if (!byProject.has(project)) byProject.set(project, new Y.Doc());
    return Promise.resolve(byProject.get(project)!);
  };
  return { notesDoc, doc: (project: string) => byProject.get(project) };
}

describe('notes tools', () => {
  test("notes.read returns the project's notes; notes.append adds on a new line", async () => {
    const { notesDoc, doc } = docs();
    const read = createNotesRead(notesDoc);
    const append = createNotesAppend(notesDoc);
    expect(await read({}, { projectId: 'p1' })).toEqual({ text: '' });
    expect(await append({ text: '# Page' }, { projectId: 'p1' })).toEqual({ length: 6 });
    expect(await append({ text: 'Body' }, { projectId: 'p1' })).toEqual({ length: 11 });
    expect(await read({}, { projectId: 'p1' })).toEqual({ text: '# Page\nBody' });
    expect(notesOf(doc('p1')!).toString()).toBe('# Page\nBody');
    expect(await read({}, { projectId: 'p2' })).toEqual({ text: '' });
  });

  test('an append is one transaction tagged as the tool and merges with a concurrent edit', async () => {
    const { notesDoc, doc } = docs();
    const append = createNotesAppend(notesDoc);
    await notesDoc('p');
    const mine = doc('p')!;
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(mine));
    const origins: unknown[] = [];
    mine.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    notesOf(other).insert(0, 'typed elsewhere\n');
    await append({ text: 'from the tool' }, { projectId: 'p' });
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(mine));
    expect(origins[0]).toBe(NOTES_TOOL_ORIGIN);
    expect(notesOf(mine).toString()).toBe(notesOf(other).toString());
    expect(notesOf(mine).toString()).toContain('typed elsewhere\n');
    expect(notesOf(mine).toString()).toContain('from the tool');
  });

  test('a call without a project is refused in plain words', async () => {
    const { notesDoc } = docs();
    await expect(createNotesRead(notesDoc)({}, {})).rejects.toThrow(
      'notes.read works on a project, and this conversation has none; open it from a project',
    );
  });

  test("openProjectNotes gives the open project's doc once loaded, and refuses another project", async () => {
    const doc = new Y.Doc();
    let loaded = false;
    let markLoaded = () => {};
    const session = {
      docName: 'p1/project',
      doc,
      loaded: new Promise<void>((resolve) => (markLoaded = resolve)).then(() => void (loaded = true)),
    };
    const notesDoc = openProjectNotes(() => session);
    const pending = notesDoc('p1');
    markLoaded();
    expect(await pending).toBe(doc);
    expect(loaded).toBe(true);
    await expect(notesDoc('p2')).rejects.toThrow(
      'the notes of project p2 are not open; open the project and try again',
    );
    await expect(openProjectNotes(() => undefined)('p1')).rejects.toThrow(/not open/);
  });
});
