/**
 * The policy editor's text positions: a validation error's line and column (1-based, as
 * Cedar reports them) as a caret offset into the textarea's text, and the line gutter.
 * Pure: the editor component moves the caret; nothing here touches the DOM.
 */

/** One validation error as the editor lists it (E's `validatePolicy` shape). */
export interface PolicyTextError {
  line: number;
  column: number;
  message: string;
}

/** How many lines the gutter numbers: an empty text still has line 1. */
export function lineCount(text: string): number {
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
}

/**
 * The caret offset of `line`:`column` in `text`. A line past the end is the end of the
 * text; a column past its line's end is that line's end (errors at "end of input" point
 * there); numbers below 1 count as 1.
 */
export function offsetOf(text: string, line: number, column = 1): number {
  let start = 0;
  for (let current = 1; current < Math.max(1, Math.floor(line)); current++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return text.length;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  const lineEnd = end === -1 ? text.length : end;
  return Math.min(start + Math.max(1, Math.floor(column)) - 1, lineEnd);
}

/** Errors in reading order (line, then column), for the list under the editor. */
export function sortErrors<T extends PolicyTextError>(errors: readonly T[]): T[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** "Line 3, column 7: unexpected token" — the words a listed error shows. */
export function errorLabel(error: PolicyTextError): string {
  return `Line ${error.line}, column ${error.column}: ${error.message}`;
}
