/** Worker rejections read back on the app side: the code survives Comlink; anything else is internal. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { acrossBoundary, toAppError } from './boundary';

/** Rejects the way a worker does: an Error named AppError with the JSON in its message. */
const boundaryError = (error: AppError) =>
  Object.assign(new Error(JSON.stringify(error.toJSON())), { name: 'AppError' });

describe('worker boundary', () => {
  it('a boundary rejection becomes the AppError it was, with code, message and details', async () => {
    const sent = new AppError('model-hash-mismatch', 'sha mismatch', { details: { evicted: ['a'] } });
    const error = await acrossBoundary(() => Promise.reject(boundaryError(sent))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'model-hash-mismatch', message: 'sha mismatch', details: { evicted: ['a'] } });
  });

  it('anything else is internal and names the worker', async () => {
    expect(toAppError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'inference worker: boom' });
    const error = await acrossBoundary(() => Promise.reject('gone'), 'web-llm worker').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal', message: 'web-llm worker: gone' });
    expect(
      toAppError(Object.assign(new Error('{"code":"no-such-code","message":"x"}'), { name: 'AppError' })).code,
    ).toBe('internal');
  });

  it('an AppError already on this side passes unchanged; a result passes through', async () => {
    const own = new AppError('model-aborted', 'stopped');
    expect(toAppError(own)).toBe(own);
    expect(await acrossBoundary(() => Promise.resolve(7))).toBe(7);
  });
});
