/**
 * The words of the page shown when the app cannot start at all (no journal: a private
 * window, disabled site data, or a newer version holding the database): what failed,
 * what to do, and the raw detail for a bug report. Pure; FatalScreen.tsx renders it.
 */
import { codeOf, describeError, messageOf, type ErrorCode } from '../../core/errors';

export interface FatalCopy {
  code: ErrorCode;
  title: string;
  message: string;
  advice: string;
  detail: string;
}

export function fatalCopy(error: unknown): FatalCopy {
  const code = codeOf(error, 'journal-unavailable');
  return {
    code,
    title: 'ARW Hub cannot start',
    message: describeError(code),
    advice:
      code === 'journal-closed'
        ? 'Close the other tabs of this app, then reload this one.'
        : code === 'journal-upgrade-failed'
          ? 'Reload to try the upgrade again. If it fails again, report the detail below; your data stays as it was until an upgrade succeeds.'
          : 'ARW Hub keeps everything in this browser’s storage. Open it in a regular (not private) window, or allow site data for this address, then reload.',
    detail: messageOf(error),
  };
}
