/** Notes binding: minimal diffs so concurrent edits merge, and the caret survives remote edits. */
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { applyText, bindTextarea, diffText, shiftIndex, type TextareaLike } from './project-doc-text';

/** Two documents that exchange every update at once, like two devices on one relay. */
function linkedPair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'));
  return { a, b };
}

/** Enough of a textarea: typing sets the value and caret, then fires `input`. */
function fakeArea(): TextareaLike & { type(value: string, caret: number): void } {
  const listeners = new Set<() => void>();
  const area = {
    value: '',
    selectionStart: 0,
    selectionEnd: 0,
    setSelectionRange(start: number, end: number) {
      area.selectionStart = start;
      area.selectionEnd = end;
    },
    addEventListener: (_: 'input', listener: () => void) => void listeners.add(listener),
    removeEventListener: (_: 'input', listener: () => void) => void listeners.delete(listener),
    type(value: string, caret: number) {
      area.value = value;
      area.setSelectionRange(caret, caret);
      listeners.forEach((listener) => listener());
    },
  };
  return area;
}

test('the diff keeps the common prefix and suffix and never splits an emoji', () => {
  expect(diffText('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
  expect(diffText('hello world', 'hello')).toEqual({ index: 5, remove: 6, insert: '' });
  expect(diffText('abc', 'abc')).toBeUndefined();
  expect(diffText('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' });
  expect(diffText('x😀y', 'x😃y')).toEqual({ index: 1, remove: 2, insert: '😃' });
});

test('concurrent inserts from two documents both survive the merge (no whole-text replace)', () => {
  const a = new Y.Doc();
  const b = new Y.Doc();
  applyText(a.getText('notes'), 'buy milk');
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const base = Y.encodeStateVector(a);
  applyText(a.getText('notes'), 'please buy milk');
  applyText(b.getText('notes'), 'buy milk and eggs');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, base));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, base));
  expect(a.getText('notes').toString()).toBe('please buy milk and eggs');
  expect(b.getText('notes').toString()).toBe('please buy milk and eggs');
});

test('remote inserts and deletes before the caret move it; those after it do not', () => {
  expect(shiftIndex(5, [{ insert: 'abc' }])).toBe(8);
  expect(shiftIndex(5, [{ retain: 5 }, { insert: 'abc' }])).toBe(5);
  expect(shiftIndex(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
  expect(shiftIndex(5, [{ retain: 3 }, { delete: 10 }])).toBe(3);
  expect(shiftIndex(5, [{ retain: 7 }, { delete: 1 }])).toBe(5);
});

test('two bound textareas: typing on one shows on the other and keeps the other’s caret on its word', () => {
  const { a, b } = linkedPair();
  const areaA = fakeArea();
  const areaB = fakeArea();
  const unbindA = bindTextarea(a.getText('notes'), areaA);
  bindTextarea(b.getText('notes'), areaB);
  areaA.type('world', 5);
  expect(areaB.value).toBe('world');
  areaB.setSelectionRange(3, 3); // B's caret inside "world", after "wor"
  areaA.type('hello world', 6);
  expect(areaB.value).toBe('hello world');
  expect(areaB.selectionStart).toBe(9);
  areaB.type('hello world!', 12);
  expect(areaA.value).toBe('hello world!');
  expect(areaA.selectionStart).toBe(6);
  unbindA();
  areaB.type('gone', 4);
  expect(areaA.value).toBe('hello world!');
  expect(a.getText('notes').toString()).toBe('gone');
});
