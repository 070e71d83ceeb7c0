/**
 * The verification state machine of one stored file: chunks go in while `partial`;
 * only a complete file moves to `verifying`; only a matching hash moves it to `cached`.
 * Anything else is refused, so a partial or corrupt file can never count as cached.
 */
import type { StoredState } from './manifest';

export type StoreStep =
  | { type: 'chunk-stored'; downloaded: number; total: number }
  | { type: 'verify'; downloaded: number; total: number }
  | { type: 'hash-checked'; matches: boolean };

/** The next state, `'discard'` (delete the bytes), or an error text for an illegal step. */
export function nextStoredState(state: StoredState, step: StoreStep): StoredState | 'discard' | { illegal: string } {
  switch (step.type) {
    case 'chunk-stored':
      return state === 'partial' && step.downloaded <= step.total
        ? 'partial'
        : { illegal: `cannot store a chunk in a ${state} file` };
    case 'verify':
      if (state !== 'partial') return { illegal: `cannot verify a ${state} file` };
      return step.downloaded === step.total
        ? 'verifying'
        : { illegal: `cannot verify a partial file (${step.downloaded} of ${step.total} bytes)` };
    case 'hash-checked':
      if (state !== 'verifying') return { illegal: `a hash result for a ${state} file` };
      return step.matches ? 'cached' : 'discard';
  }
}

/** True only for a verified, complete file: the one rule for "counts as cached". */
export function isUsable(model: { state: StoredState; downloaded: number; bytes: number }): boolean {
  return model.state === 'cached' && model.downloaded === model.bytes;
}
