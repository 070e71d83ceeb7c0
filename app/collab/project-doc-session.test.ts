/** The current project's document: local-only when unshared, kept in IndexedDB, one per project. */
import 'fake-indexeddb/auto';
import { createRoot, createSignal } from 'solid-js';
import { expect, test } from 'vitest';
import { createProjectDoc, type ProjectDoc } from './project-doc-session';

let n = 0;
const project = () => `pd-session-${++n}`;

async function withDoc<T>(run: (doc: ProjectDoc) => Promise<T>): Promise<T> {
  let dispose = () => {};
  const doc = createRoot(
    (d) => (
      (dispose = d),
      createProjectDoc({ actor: 'device:A', name: createSignal('Laptop')[0], now: () => '2026-01-01T00:00:00.000Z' })
    ),
  );
  try {
    return await run(doc);
  } finally {
    doc.close();
    dispose();
  }
}

const loadedOf = async (doc: ProjectDoc) => {
  await doc.session()!.loaded;
  await Promise.resolve();
  expect(doc.loaded()).toBe(true);
};

test('an unshared project opens only on this device; notes and attached agents survive a reload', async () => {
  const id = project();
  await withDoc(async (doc) => {
    doc.follow(id, undefined);
    expect(doc.session()?.docName).toBe(`${id}/project`);
    expect(doc.session()?.provider).toBeUndefined();
    expect(doc.connection()).toBe('local');
    await loadedOf(doc);
    doc.attach({ id: 'probe', label: 'Probe agent' });
    doc.attach({ id: 'arw-tiny-char', label: 'Tiny model' });
    doc.detach('arw-tiny-char');
    doc.notes()!.insert(0, 'remember the milk');
    expect(doc.agents()).toEqual([
      {
        agent_id: 'probe',
        label: 'Probe agent',
        attached_by: 'device:A',
        attached_by_name: 'Laptop',
        time: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });
  await withDoc(async (doc) => {
    doc.follow(id, undefined);
    await loadedOf(doc);
    expect(doc.notes()!.toString()).toBe('remember the milk');
    expect(doc.agents().map((agent) => agent.agent_id)).toEqual(['probe']);
  });
});

test('following the same project keeps the open document; another project replaces it', async () => {
  const [one, two] = [project(), project()];
  await withDoc(async (doc) => {
    doc.follow(one, undefined);
    const first = doc.session();
    doc.follow(one, undefined);
    expect(doc.session()).toBe(first);
    await loadedOf(doc);
    doc.attach({ id: 'probe', label: 'Probe agent' });
    doc.follow(two, undefined);
    expect(doc.session()?.docName).toBe(`${two}/project`);
    expect(doc.agents()).toEqual([]);
    await loadedOf(doc);
    expect(doc.agents()).toEqual([]);
  });
});
