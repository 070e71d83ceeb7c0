/** The console logger: one `[arw] <message> <fields>` line per warning or error, errors readable. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleLog } from './log';

afterEach(() => vi.restoreAllMocks());

describe('consoleLog', () => {
  it('writes an Error field with its name and message (a warning without the stack, an error with it)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    consoleLog.warn({ err: new TypeError('bad frame'), attempt: 2 }, 'NATS connect failed; retrying');
    expect(warn).toHaveBeenCalledWith(
      '[arw] NATS connect failed; retrying',
      '{"err":{"name":"TypeError","message":"bad frame"},"attempt":2}',
    );
    consoleLog.error({ err: new Error('disk full') }, 'request failed');
    const [line, fields] = error.mock.calls[0] as [string, string];
    expect(line).toBe('[arw] request failed');
    expect(JSON.parse(fields)).toMatchObject({
      err: { name: 'Error', message: 'disk full', stack: expect.stringContaining('disk full') },
    });
  });

  it('drops info lines', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    consoleLog.info({ sync: 'sync-1' }, 'sync connected');
    expect(info).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });
});
