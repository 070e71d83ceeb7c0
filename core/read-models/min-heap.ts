/**
 * A binary min-heap: the episodes model finds the episode to evict (the one whose
 * newest event is oldest) in O(log n) instead of scanning every episode per new one.
 */

export interface MinHeap<T> {
  readonly size: number;
  push(item: T): void;
  /** The smallest item without removing it, or undefined when empty. */
  peek(): T | undefined;
  pop(): T | undefined;
}

export function createMinHeap<T>(compare: (a: T, b: T) => number, items: readonly T[] = []): MinHeap<T> {
  const heap = [...items];
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const down = (start: number) => {
    for (let i = start; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && compare(heap[left]!, heap[least]!) < 0) least = left;
      if (right < heap.length && compare(heap[right]!, heap[least]!) < 0) least = right;
      if (least === i) return;
      swap(i, least);
      i = least;
    }
  };
  for (let i = (heap.length >>> 1) - 1; i >= 0; i--) down(i);
  return {
    get size() {
      return heap.length;
    },
    push(item) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >>> 1;
        if (compare(heap[i]!, heap[parent]!) >= 0) return;
        swap(i, parent);
        i = parent;
      }
    },
    peek: () => heap[0],
    pop() {
      if (heap.length === 0) return undefined;
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        down(0);
      }
      return top;
    },
  };
}
