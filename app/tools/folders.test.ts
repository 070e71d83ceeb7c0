import { describe, expect, test } from 'vitest';
import { createFolderChooser, FILES_ROOT, opfsFolder } from './folders';
import { MemoryDirectory } from './testing/memory-directory';

const storageOf = (root: MemoryDirectory) => ({ getDirectory: () => Promise.resolve(root) });

describe('project folders', () => {
  test('a project without a pick gets arw-files/<project> in OPFS, created on first use', async () => {
    const root = new MemoryDirectory();
    const folder = await opfsFolder(storageOf(root))('p1');
    expect(folder.name).toBe('p1');
    expect([...root.children.keys()]).toEqual([FILES_ROOT]);
    await expect(opfsFolder(undefined)('p1')).rejects.toThrow(/no private file storage/);
    await expect(opfsFolder(storageOf(root))('../x')).rejects.toThrow("no files folder for project id '../x'");
  });

  test('a picked folder replaces OPFS for its project until forgotten', async () => {
    const root = new MemoryDirectory();
    const picked = Object.assign(new MemoryDirectory('Documents'), {
      queryPermission: () => Promise.resolve('granted'),
    });
    const chooser = createFolderChooser({
      storage: storageOf(root),
      showDirectoryPicker: () => Promise.resolve(picked),
    });
    expect(chooser.canPick()).toBe(true);
    expect(await chooser.pick('p1')).toBe('Documents');
    expect(chooser.picked('p1')).toBe('Documents');
    expect(await chooser.folder('p1')).toBe(picked);
    expect((await chooser.folder('p2')).name).toBe('p2');
    chooser.forget('p1');
    expect((await chooser.folder('p1')).name).toBe('p1');
  });

  test('a cancelled pick changes nothing; a folder whose permission lapsed is refused in words', async () => {
    const abort = Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' });
    const cancelled = createFolderChooser({ showDirectoryPicker: () => Promise.reject(abort) });
    expect(await cancelled.pick('p1')).toBeUndefined();
    expect(cancelled.picked('p1')).toBeUndefined();
    const lapsed = Object.assign(new MemoryDirectory('Shared'), {
      queryPermission: () => Promise.resolve('prompt'),
      requestPermission: () => Promise.reject(new Error('needs a user gesture')),
    });
    const chooser = createFolderChooser({ showDirectoryPicker: () => Promise.resolve(lapsed) });
    await chooser.pick('p1');
    await expect(chooser.folder('p1')).rejects.toThrow(
      'the folder Shared needs your permission again; pick it again to grant access',
    );
    expect(createFolderChooser({}).canPick()).toBe(false);
  });
});
