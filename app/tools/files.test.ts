import { describe, expect, test } from 'vitest';
import { createFilesList, createFilesRead, createFilesWrite, FILES_READ_MAX_BYTES } from './files';
import { MemoryDirectory } from './testing/memory-directory';

function setup() {
  const roots = new Map<string, MemoryDirectory>();
  const folder = (project: string) => {
    if (!roots.has(project)) roots.set(project, new MemoryDirectory(project));
    return Promise.resolve(roots.get(project)!);
  };
  const root = (project: string) => roots.get(project)!;
  return {
    list: createFilesList(folder),
    read: createFilesRead(folder),
    write: createFilesWrite(folder),
    folder,
    root,
  };
}
const inP1 = { projectId: 'p1' };

describe('files tools', () => {
  test('files.write creates the folders on its path; files.read reads it back', async () => {
    const { write, read, root } = setup();
    expect(await write({ path: 'notes/2026/todo.md', content: '# Tâches\n- one' }, inP1)).toEqual({
      path: 'notes/2026/todo.md',
      bytes: 15,
    });
    expect(await root('p1').text('notes/2026/todo.md')).toBe('# Tâches\n- one');
    expect(await read({ path: 'notes/2026/todo.md' }, inP1)).toEqual({
      path: 'notes/2026/todo.md',
      text: '# Tâches\n- one',
      truncated: false,
      size: 15,
    });
    await write({ path: 'notes/2026/todo.md', content: 'replaced' }, inP1);
    expect(await root('p1').text('notes/2026/todo.md')).toBe('replaced');
  });

  test('files.list gives folders first, then files with their sizes', async () => {
    const { list, folder } = setup();
    const root = await folder('p1');
    await root.put('b.txt', 'bb');
    await root.put('a.txt', 'a');
    await root.put('sub/inner.md', 'x');
    expect(await list({ path: '' }, inP1)).toEqual({
      path: '',
      entries: [
        { name: 'sub', kind: 'directory' },
        { name: 'a.txt', kind: 'file', size: 1 },
        { name: 'b.txt', kind: 'file', size: 2 },
      ],
    });
    expect(await list({ path: 'sub/' }, inP1)).toEqual({
      path: 'sub',
      entries: [{ name: 'inner.md', kind: 'file', size: 1 }],
    });
  });

  test('each project has its own folder', async () => {
    const { write, list } = setup();
    await write({ path: 'only-p1.txt', content: 'x' }, inP1);
    expect(await list({ path: '' }, { projectId: 'p2' })).toEqual({ path: '', entries: [] });
  });

  test('a read stops at 256 KiB and says truncated, without splitting a character', async () => {
    const { read, folder } = setup();
    const big = 'é'.repeat(FILES_READ_MAX_BYTES / 2) + 'tail';
    await (await folder('p1')).put('big.txt', big);
    const result = (await read({ path: 'big.txt' }, inP1)) as { text: string; truncated: boolean; size: number };
    expect(result.truncated).toBe(true);
    expect(result.size).toBe(FILES_READ_MAX_BYTES + 4);
    expect(result.text).toBe('é'.repeat(FILES_READ_MAX_BYTES / 2));
  });

  test('paths that leave the folder are refused before any handle is touched', async () => {
    const { read, write, list } = setup();
    await expect(read({ path: '../other/secret' }, inP1)).rejects.toThrow(/^files\.read: path must not contain '\.\.'/);
    await expect(write({ path: '/abs.txt', content: '' }, inP1)).rejects.toThrow(/must not start with '\/'/);
    await expect(list({ path: 'a//b' }, inP1)).rejects.toThrow(/empty segment/);
    await expect(write({ path: '', content: '' }, inP1)).rejects.toThrow(/must not be empty/);
  });

  test('missing files, file/folder mix-ups and binary files are worded errors', async () => {
    const { read, write, list, folder } = setup();
    await (await folder('p1')).put('doc.txt', 'x');
    await (await folder('p1')).put('image.png', Uint8Array.from([0x89, 0x50, 0x00, 0x47]));
    await expect(read({ path: 'nope.md' }, inP1)).rejects.toThrow('files.read: nope.md does not exist');
    await expect(list({ path: 'nope' }, inP1)).rejects.toThrow('files.list: nope does not exist');
    await expect(write({ path: 'doc.txt/x.md', content: '' }, inP1)).rejects.toThrow(
      /^files\.write: doc\.txt\/x\.md is a folder where a file was expected, or a file/,
    );
    await expect(read({ path: 'image.png' }, inP1)).rejects.toThrow(
      'files.read: image.png is not a text file (4 bytes of binary data)',
    );
  });

  test('a call without a project is refused', async () => {
    const { read } = setup();
    await expect(read({ path: 'a.txt' }, {})).rejects.toThrow(/files\.read works on a project/);
  });
});
