import { describe, expect, it } from 'vitest';
import { AppError, describeError } from '../../core/errors';
import { fatalCopy } from './fatal-copy';

describe('fatalCopy', () => {
  it('a journal that cannot open names the storage problem and how to fix it', () => {
    const copy = fatalCopy(new DOMException('The user denied permission to access the database.', 'InvalidStateError'));
    expect(copy).toMatchObject({
      code: 'journal-unavailable',
      title: 'ARW Hub cannot start',
      message: describeError('journal-unavailable'),
    });
    expect(copy.advice).toMatch(/regular \(not private\) window/);
    expect(copy.detail).toBe('The user denied permission to access the database.');
  });

  it('a journal closed by a newer tab says to close the other tabs', () => {
    const copy = fatalCopy(new AppError('journal-closed', 'closed by version change'));
    expect(copy).toMatchObject({
      code: 'journal-closed',
      message: describeError('journal-closed'),
      detail: 'closed by version change',
    });
    expect(copy.advice).toBe('Close the other tabs of this app, then reload this one.');
  });

  it('a thrown string still shows as the detail', () => {
    expect(fatalCopy('indexedDB is undefined').detail).toBe('indexedDB is undefined');
  });
});
