/**
 * What every run of one episode shares (the chat loop, the tool loop, the workflow
 * runner): its corr_id, an event factory that stamps it and the project, one ordered
 * emit chain, and the endings (canceled, error). It records; it decides nothing.
 */
import type { EventEnvelope } from '../../spec';
import { isAppError } from '../errors';
import type { EventContext, MakeEvent } from '../journal';
import type { Clock } from '../lib/clock';

export interface ScopeDeps {
  make: MakeEvent;
  emit(events: EventEnvelope[]): Promise<void>;
  clock: Clock;
  newId: () => string;
}

export interface EpisodeScope {
  readonly corrId: string;
  readonly projectId?: string;
  /** Clock time the episode started. */
  readonly started: number;
  /** Builds an envelope with this episode's corr_id and project. */
  make: MakeEvent;
  /** Emits in call order, also from callbacks; the promise rejects when the journal writer does. */
  send(...events: EventEnvelope[]): Promise<void>;
  elapsed(): number;
  /** Emits `episode.canceled` with `reason`. */
  cancel(reason: string): Promise<void>;
  /** Emits `episode.error` with the code as its envelope code. */
  fail(message: string, code: string, extra?: Record<string, unknown>): Promise<void>;
}

const ignore = () => undefined;

export function openEpisode(deps: ScopeDeps, ids: { corrId?: string; projectId?: string }): EpisodeScope {
  const started = deps.clock.now();
  const corrId = ids.corrId ?? deps.newId();
  const context: EventContext = { corr_id: corrId, project_id: ids.projectId };
  // The factory only reads the context, so events with no extra share the one object.
  const make: MakeEvent = (kind, payload, extra) =>
    deps.make(kind, payload, extra === undefined ? context : { ...context, ...extra });
  let emitted: Promise<void> = Promise.resolve();
  const send = (...events: EventEnvelope[]) => {
    emitted = emitted.then(() => deps.emit(events));
    // A failed emit surfaces at the next awaited send; this only keeps it from being reported as unhandled meanwhile.
    emitted.catch(ignore);
    return emitted;
  };
  const elapsed = () => deps.clock.now() - started;
  return {
    corrId,
    ...(ids.projectId === undefined ? {} : { projectId: ids.projectId }),
    started,
    make,
    send,
    elapsed,
    cancel: (reason) => send(make('episode.canceled', { reason, duration_ms: elapsed() })),
    fail: (message, code, extra = {}) =>
      send(
        make(
          'episode.error',
          { message, error_code: code, duration_ms: elapsed(), ...extra },
          { severity: 'error', code },
        ),
      ),
  };
}

/** How a thrown model failure reads: aborted (a stop), or a code and a message. */
export function modelFailure(error: unknown): { aborted: true } | { aborted: false; code: string; message: string } {
  if (isAppError(error) && error.code === 'model-aborted') return { aborted: true };
  const code = isAppError(error) ? error.code : 'model-failed';
  const message = (error instanceof Error && error.message) || 'the model failed';
  return { aborted: false, code, message };
}

export const MAX_TEXT = 100_000;
export const clip = (text: string, max = MAX_TEXT) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** True for the code units `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Runs of non-space, as `text.split(/\s+/)` counts them, without building the array (tool results run to 64 KiB). */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) count += 1;
    inWord = !space;
  }
  return count;
}
