/** The policy editor's error → caret mapping: a Cedar line/column becomes the textarea offset of that place. */
import { expect, test } from 'vitest';
import { errorLabel, lineCount, offsetOf, sortErrors } from './editor-lines';

const TEXT = 'forbid (\n  principal,\n  action == Action::"fs:write",\n  resource\n);';

test('line 1 column 1 is the start; a later line starts after its newline', () => {
  expect(offsetOf(TEXT, 1, 1)).toBe(0);
  expect(offsetOf(TEXT, 2, 1)).toBe(TEXT.indexOf('  principal'));
  expect(offsetOf(TEXT, 3, 3)).toBe(TEXT.indexOf('action'));
  expect(TEXT.slice(offsetOf(TEXT, 3, 13))).toMatch(/^Action::/);
});

test('a column past the line end is that line’s end; a line past the text is the text’s end', () => {
  expect(offsetOf(TEXT, 2, 99)).toBe(TEXT.indexOf('\n', TEXT.indexOf('principal')));
  expect(offsetOf(TEXT, 40, 1)).toBe(TEXT.length);
  expect(offsetOf(TEXT, 0, 0)).toBe(0);
  expect(offsetOf('', 3, 4)).toBe(0);
});

test('the gutter counts lines, an empty text has one', () => {
  expect(lineCount('')).toBe(1);
  expect(lineCount(TEXT)).toBe(5);
  expect(lineCount('a\n')).toBe(2);
});

test('errors are listed by line then column, each with its place in words', () => {
  const errors = [
    { line: 4, column: 1, message: 'b' },
    { line: 2, column: 9, message: 'c' },
    { line: 2, column: 3, message: 'a' },
  ];
  expect(sortErrors(errors).map((e) => e.message)).toEqual(['a', 'c', 'b']);
  expect(errorLabel(errors[0]!)).toBe('Line 4, column 1: b');
});
