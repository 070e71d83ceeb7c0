/** Error notes: state keeps a code and its specifics; the words come from the catalogue. */
import { expect, test } from 'vitest';
import { AppError } from './app-error';
import { describeError, ERROR_MESSAGES } from './catalog';
import { describeNote, note, noteOf } from './note';

test('a note renders as the catalogue sentence, with its detail in parentheses', () => {
  expect(describeNote(note('sync-connection-lost'))).toBe(ERROR_MESSAGES['sync-connection-lost']);
  expect(describeNote(note('sync-events-invalid', '3 event(s)'))).toBe(
    `${ERROR_MESSAGES['sync-events-invalid']} (3 event(s))`,
  );
  expect(describeNote(note('sync-events-invalid', '3 event(s)'))).toBe(
    describeError('sync-events-invalid', '3 event(s)'),
  );
});

test('an empty detail is left out of the note and of the sentence', () => {
  expect(note('sync-unreachable', '')).toEqual({ code: 'sync-unreachable' });
  expect(describeError('sync-unreachable', '')).toBe(ERROR_MESSAGES['sync-unreachable']);
});

test('a thrown value becomes its own code and message, or the fallback code', () => {
  expect(noteOf(new AppError('journal-quota-exceeded', 'quota'), 'sync-ingest-failed')).toEqual({
    code: 'journal-quota-exceeded',
    detail: 'quota',
  });
  expect(noteOf(new Error('boom'), 'sync-ingest-failed')).toEqual({ code: 'sync-ingest-failed', detail: 'boom' });
  expect(noteOf('worker gone')).toEqual({ code: 'internal', detail: 'worker gone' });
});
