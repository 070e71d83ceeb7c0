/**
 * What the UI says about the journal: its status (open / read-only / closed) and the
 * last write failure, as one catalog error code whose sentence comes from
 * `describeError`. Already-shown data is never cleared here; this only adds a banner.
 */
import { createSignal, type Accessor } from 'solid-js';
import { codeOf, describeError, type AppError, type ErrorCode } from '../../core/errors';

export type JournalStatus = 'open' | 'read-only' | 'closed';

/** The part of the app's journal handle this needs. */
export interface JournalStatusSource {
  status(): JournalStatus;
  lastError(): AppError | undefined;
  onStatus(listener: (status: JournalStatus, error: AppError | undefined) => void): () => void;
}

export interface JournalHealth {
  status: Accessor<JournalStatus>;
  /** The code to show in the banner, if any. */
  problem: Accessor<ErrorCode | undefined>;
  /** The sentence for `problem`. */
  message: Accessor<string | undefined>;
  /** Records a failed append or read (any thrown value). */
  report(error: unknown): void;
  /** Hides a reported failure; a read-only or closed journal stays announced. */
  dismiss(): void;
}

/** The banner code for a status: the cause's code when known, else the status's own. */
export function statusProblem(status: JournalStatus, cause: AppError | undefined): ErrorCode | undefined {
  if (status === 'open') return undefined;
  if (cause) return cause.code;
  return status === 'closed' ? 'journal-closed' : 'journal-read-only';
}

export function createJournalHealth(source: JournalStatusSource): JournalHealth {
  const [status, setStatus] = createSignal<JournalStatus>(source.status());
  const [statusCode, setStatusCode] = createSignal(statusProblem(source.status(), source.lastError()));
  const [reported, setReported] = createSignal<ErrorCode>();
  source.onStatus((next, error) => {
    setStatus(next);
    setStatusCode(statusProblem(next, error ?? source.lastError()));
  });
  const problem = () => statusCode() ?? reported();
  return {
    status,
    problem,
    message: () => {
      const code = problem();
      return code ? describeError(code) : undefined;
    },
    report: (error) => setReported(codeOf(error)),
    dismiss: () => setReported(undefined),
  };
}
