/** Time sources are passed in (STYLE: core reads no globals). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** ISO-8601 UTC with milliseconds, the envelope's `time` format. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
