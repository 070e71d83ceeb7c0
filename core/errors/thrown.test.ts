/** Reading thrown values: the message of anything thrown, and its catalogue code. */
import { describe, expect, test } from 'vitest';
import { AppError } from './app-error';
import { codeOf, isErrorCode, messageOf } from './thrown';

describe('messageOf', () => {
  test('an Error gives its message; anything else its string form', () => {
    expect(messageOf(new Error('disk full'))).toBe('disk full');
    expect(messageOf(new AppError('journal-write-failed', 'the batch failed'))).toBe('the batch failed');
    expect(messageOf('plain string')).toBe('plain string');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
    expect(messageOf({ toString: () => 'custom' })).toBe('custom');
  });
});

describe('codeOf', () => {
  test('an AppError gives its code; a plain { code } only when catalogued', () => {
    expect(codeOf(new AppError('model-failed', 'm'))).toBe('model-failed');
    expect(codeOf({ code: 'model-failed', message: 'm' })).toBe('model-failed');
    expect(codeOf({ code: 'nope' })).toBe('internal');
    expect(codeOf(new Error('x'))).toBe('internal');
    expect(codeOf(null)).toBe('internal');
    expect(codeOf(undefined, 'sync-ingest-failed')).toBe('sync-ingest-failed');
  });

  test('a code inherited from Object.prototype is not a catalogue code', () => {
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('__proto__')).toBe(false);
    expect(isErrorCode('not-found')).toBe(true);
    expect(isErrorCode(404)).toBe(false);
  });
});
