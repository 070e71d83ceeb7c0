import { expect, test } from 'vitest';
import { createRecentItems, RECENT_KEY } from './recent';

const memoryStore = (initial?: string) => {
  const map = new Map<string, string>(initial === undefined ? [] : [[RECENT_KEY, initial]]);
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};

test('the last used item moves to the front and the list is capped', () => {
  const store = memoryStore();
  const recent = createRecentItems(store, 3);
  for (const id of ['a', 'b', 'c', 'a', 'd']) recent.use(id);
  expect(recent.ids()).toEqual(['d', 'a', 'c']);
  expect(createRecentItems(store, 3).ids()).toEqual(['d', 'a', 'c']);
});

test('storage holding something else, or throwing, starts empty and still works', () => {
  expect(createRecentItems(memoryStore('{"not":"a list"}')).ids()).toEqual([]);
  expect(createRecentItems(memoryStore('[1,"x"]')).ids()).toEqual(['x']);
  const throwing = {
    getItem: () => {
      throw new Error('blocked');
    },
    setItem: () => {
      throw new Error('blocked');
    },
  };
  const recent = createRecentItems(throwing);
  recent.use('a');
  expect(recent.ids()).toEqual(['a']);
});
