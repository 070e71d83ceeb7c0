/**
 * The closed catalog of error codes (kebab slugs) and the sentences people read for
 * them. Every AppError carries one of these codes; UI copy comes only from here.
 */

export const ERROR_MESSAGES = {
  'event-invalid': 'An event did not match the contract and was not recorded.',
  'journal-quota-exceeded':
    'The device is out of storage for this app. The journal is read-only until space is freed; nothing already recorded was lost.',
  'journal-read-only': 'The journal is read-only because storage ran out earlier. Free some space and reload.',
  'journal-closed': 'The journal was closed because a newer version of the app opened it in another tab. Reload this tab.',
  'journal-unavailable': 'The journal could not be opened (IndexedDB is unavailable, e.g. in a private window).',
  'journal-query-invalid': 'A journal query had a bad parameter; the message names it.',
  'journal-write-failed': 'The journal could not write the events; nothing of the batch was recorded.',
  'model-not-loaded': 'No model is loaded.',
  'model-aborted': 'Generation was stopped.',
  'model-failed': 'The model failed while generating.',
  'model-unknown': 'That model is not known to any installed adapter.',
  'tool-failed': 'A tool the agent called failed; the agent reported it and went on.',
  'agent-busy': 'An episode is already running in this chat. Stop it or wait for it to finish.',
  'internal': 'Something went wrong inside the app.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** The sentence a person reads for `code`. */
export function describeError(code: ErrorCode): string {
  return ERROR_MESSAGES[code];
}
