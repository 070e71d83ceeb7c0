/**
 * Work in steps: a generator that yields between bounded pieces of a long job, so a
 * caller with an event loop to keep (the sync server restoring a snapshot) can spread
 * it over turns, while a caller without one runs it at once. The steps know nothing
 * of time or turns: the driver decides how many fit in a slice.
 */

/** A job that yields (with nothing) between its pieces and returns `T` at the end. */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to its end in one go. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
