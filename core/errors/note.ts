/**
 * A failure as state keeps it: a catalogue code plus the specifics the code does not
 * say (a field, a count, another party's own words). State stores notes, never
 * sentences; views render them with `describeNote`, so the words come from the catalogue.
 */
import { describeError, type ErrorCode } from './catalog';
import { codeOf, messageOf } from './thrown';

export interface ErrorNote {
  code: ErrorCode;
  /** Shown after the catalogue sentence, in parentheses. */
  detail?: string;
}

/** A note for `code`; an empty `detail` is left out. */
export function note(code: ErrorCode, detail?: string): ErrorNote {
  return detail ? { code, detail } : { code };
}

/** A note for a thrown value: its own catalogue code (else `fallback`) and its message. */
export function noteOf(error: unknown, fallback: ErrorCode = 'internal'): ErrorNote {
  return note(codeOf(error, fallback), messageOf(error));
}

/** The sentence a person reads for `problem`. */
export function describeNote(problem: ErrorNote): string {
  return describeError(problem.code, problem.detail);
}
