/**
 * The page side of e2e tests, typed: `window.arw` is the app's console API
 * (`ArwConsoleApi` from app/main.tsx), so page.evaluate callbacks call `window.arw!` with
 * the app's own types. Journal payloads are records of unknown; `EventOf` narrows a
 * stored event to the payload its kind's schema gives. Types only: nothing here runs.
 */
import type { ArwConsoleApi } from '../../app/main';
import type { StoredEvent } from '../../core/journal/types';
import type { EventKind, PayloadOf } from '../../spec/vocabulary';

declare global {
  interface Window {
    arw?: ArwConsoleApi;
  }
}

export type { ArwConsoleApi };

/** A stored event of `kind` whose payload has that kind's shape (spec/vocabulary.ts). */
export type EventOf<K extends EventKind> = Omit<StoredEvent, 'kind' | 'payload'> & { kind: K; payload: PayloadOf<K> };
