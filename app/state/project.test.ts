/** The current project: kept in local storage, cleared to "personal". */
import { createRoot } from 'solid-js';
import { expect, test } from 'vitest';
import { CURRENT_PROJECT_KEY, createProjectState, pickerProjects, projectChoices } from './project';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    key: () => null,
    get length() {
      return map.size;
    },
  };
}

test('the chosen project survives a reload; none means personal', () => {
  const store = memoryStorage();
  createRoot((dispose) => {
    const project = createProjectState(store);
    expect(project.current()).toBeUndefined();
    project.set(' p1 ');
    expect(project.current()).toBe('p1');
    expect(store.getItem(CURRENT_PROJECT_KEY)).toBe('p1');
    expect(createProjectState(store).current()).toBe('p1');
    project.set(undefined);
    expect(store.getItem(CURRENT_PROJECT_KEY)).toBeNull();
    dispose();
  });
});

test('choices list shared projects and keep the current one', () => {
  expect(projectChoices(['p2', 'p1', 'p2'], undefined)).toEqual(['p1', 'p2']);
  expect(projectChoices(['p1'], 'local-x')).toEqual(['p1', 'local-x']);
});

test('picker choices: the projects not archived, then the current one when it is not among them', () => {
  const garden = { id: 'garden', name: 'Garden', shared: [] };
  const old = { id: 'old', name: 'Old stuff', shared: [] };
  expect(pickerProjects([garden], undefined)).toEqual([garden]);
  expect(pickerProjects([garden], 'garden')).toEqual([garden]);
  expect(pickerProjects([garden], 'old', (id) => (id === 'old' ? old : undefined))).toEqual([garden, old]);
  expect(pickerProjects([], 'x')).toEqual([{ id: 'x', name: 'x', shared: [] }]);
});
