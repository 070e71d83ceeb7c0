import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createStableList } from './stable-list';

interface Item {
  id: string;
  text: string;
  parts: { n: number }[];
}

describe('createStableList', () => {
  it('keeps each item’s identity by key across new arrays and updates only its fields; the source objects are never written', () => {
    createRoot((dispose) => {
      const first: Item[] = [
        { id: 'a', text: 'one', parts: [{ n: 1 }] },
        { id: 'b', text: 'two', parts: [] },
      ];
      const [source, setSource] = createSignal<readonly Item[]>(first);
      const list = createStableList(source, 'id', (item) => ({ ...item, parts: item.parts.map((p) => ({ ...p })) }));
      const [a, b] = list();
      setSource([
        { id: 'a', text: 'one', parts: [{ n: 1 }] },
        { id: 'b', text: 'two, longer', parts: [{ n: 2 }] },
        { id: 'c', text: 'three', parts: [] },
      ]);
      expect(list()[0]).toBe(a);
      expect(list()[1]).toBe(b);
      expect(list().map((item) => [item.id, item.text, item.parts.length])).toEqual([
        ['a', 'one', 1],
        ['b', 'two, longer', 1],
        ['c', 'three', 0],
      ]);
      expect(first[1]).toEqual({ id: 'b', text: 'two', parts: [] });
      setSource([{ id: 'b', text: 'two, longer', parts: [{ n: 2 }] }]);
      expect(list()).toHaveLength(1);
      expect(list()[0]).toBe(b);
      dispose();
    });
  });
});
