/**
 * Binds a textarea to a `Y.Text`: each input becomes the smallest edit (common prefix and
 * suffix kept), so edits from several devices merge instead of replacing each other;
 * a remote change re-renders the text and moves the caret by that change's delta.
 * Knows only the few textarea members it uses, so it runs in Node tests.
 */
import * as Y from 'yjs';

export interface TextEdit {
  index: number;
  remove: number;
  insert: string;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The single edit turning `prev` into `next`, or undefined when they are equal. */
export function diffText(prev: string, next: string): TextEdit | undefined {
  if (prev === next) return undefined;
  const max = Math.min(prev.length, next.length);
  let prefix = 0;
  while (prefix < max && prev.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
  // Never split a surrogate pair (an emoji): Y.Text counts UTF-16 units like JS strings.
  if (prefix > 0 && isHigh(prev.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    prev.charCodeAt(prev.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)
  )
    suffix++;
  if (suffix > 0 && isLow(prev.charCodeAt(prev.length - suffix))) suffix--;
  return { index: prefix, remove: prev.length - prefix - suffix, insert: next.slice(prefix, next.length - suffix) };
}

/** Makes `text` read `next` with the smallest edit, in one transaction tagged `origin`. */
export function applyText(text: Y.Text, next: string, origin?: unknown): boolean {
  const edit = diffText(text.toString(), next);
  if (!edit) return false;
  const apply = () => {
    if (edit.remove) text.delete(edit.index, edit.remove);
    if (edit.insert) text.insert(edit.index, edit.insert);
  };
  if (text.doc) text.doc.transact(apply, origin);
  else apply();
  return true;
}

/**
 * Where `index` ends up after a change described by a Yjs text delta: text inserted
 * before it pushes it right, deleted text before it pulls it left; text inserted exactly
 * at it appears after it (the caret does not jump over someone else's typing).
 */
export function shiftIndex(
  index: number,
  delta: ReadonlyArray<{ insert?: unknown; retain?: number; delete?: number }>,
): number {
  let pos = 0;
  let result = index;
  for (const op of delta) {
    if (pos >= result) break;
    if (op.retain) pos += op.retain;
    else if (op.delete) result -= Math.min(op.delete, result - pos);
    else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      result += length;
      pos += length;
    }
  }
  return result;
}

export interface TextareaLike {
  value: string;
  selectionStart: number;
  selectionEnd: number;
  setSelectionRange(start: number, end: number): void;
  addEventListener(type: 'input', listener: () => void): void;
  removeEventListener(type: 'input', listener: () => void): void;
}

/** Keeps `area` and `text` in step until the returned function is called. */
export function bindTextarea(text: Y.Text, area: TextareaLike): () => void {
  const origin = Symbol('textarea');
  area.value = text.toString();
  const onInput = () => void applyText(text, area.value, origin);
  const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === origin) return;
    const start = shiftIndex(area.selectionStart, event.delta);
    const end = shiftIndex(area.selectionEnd, event.delta);
    area.value = text.toString();
    area.setSelectionRange(start, end);
  };
  area.addEventListener('input', onInput);
  text.observe(onChange);
  return () => {
    area.removeEventListener('input', onInput);
    text.unobserve(onChange);
  };
}
