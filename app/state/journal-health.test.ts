import { describe, expect, it } from 'vitest';
import { AppError, codeOf, describeError } from '../../core/errors';
import { createJournalHealth, type JournalStatus, type JournalStatusSource } from './journal-health';

function fakeSource() {
  let status: JournalStatus = 'open';
  let error: AppError | undefined;
  const listeners: Array<(s: JournalStatus, e: AppError | undefined) => void> = [];
  const source: JournalStatusSource = {
    status: () => status,
    lastError: () => error,
    onStatus: (listener) => {
      listeners.push(listener);
      return () => undefined;
    },
  };
  const move = (next: JournalStatus, cause?: AppError) => {
    status = next;
    error = cause ?? error;
    for (const listener of listeners) listener(next, cause);
  };
  return { source, move };
}

describe('createJournalHealth', () => {
  it('announces a read-only journal with the catalog sentence of its cause', () => {
    const { source, move } = fakeSource();
    const health = createJournalHealth(source);
    expect(health.message()).toBeUndefined();
    move('read-only', new AppError('journal-quota-exceeded', 'quota'));
    expect(health.status()).toBe('read-only');
    expect(health.message()).toBe(describeError('journal-quota-exceeded'));
    health.dismiss();
    expect(health.problem()).toBe('journal-quota-exceeded');
  });

  it('announces a closed journal even without a cause', () => {
    const { source, move } = fakeSource();
    const health = createJournalHealth(source);
    move('closed');
    expect(health.problem()).toBe('journal-closed');
  });

  it('reports append failures until dismissed', () => {
    const { source } = fakeSource();
    const health = createJournalHealth(source);
    health.report(new AppError('journal-write-failed', 'x'));
    expect(health.message()).toBe(describeError('journal-write-failed'));
    health.dismiss();
    expect(health.message()).toBeUndefined();
  });

  it('maps foreign errors to a code', () => {
    expect(codeOf(new Error('x'))).toBe('internal');
    expect(codeOf({ code: 'model-failed', message: 'm' })).toBe('model-failed');
    expect(codeOf({ code: 'nope' })).toBe('internal');
  });
});
