/**
 * The server's one logger shape, pino's order: fields first, then the words, so fields
 * stay machine-readable and never get spliced into sentences. Every module that logs
 * (the /sync hub, the Yjs relay, the NATS bridge, the journal) takes a `ServerLog`; the
 * per-request access log is apart (http/context.ts, ARW_LOG_REQUESTS).
 */

export interface ServerLog {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** Errors keep their name and message (and for `error`, the stack) in the JSON; JSON.stringify alone prints `{}`. */
function fieldsText(fields: object, withStack: boolean): string {
  return JSON.stringify(fields, (_key, value: unknown) =>
    value instanceof Error
      ? { name: value.name, message: value.message, ...(withStack && value.stack ? { stack: value.stack } : {}) }
      : value,
  );
}

/**
 * The production logger (main.ts): warnings and errors to stderr as `[arw] <message>
 * <fields as JSON>`; `info` (connects, state changes) is dropped so a quiet server stays quiet.
 */
export const consoleLog: ServerLog = {
  info: () => undefined,
  warn: (fields, message) => console.warn(`[arw] ${message ?? ''}`, fieldsText(fields, false)),
  error: (fields, message) => console.error(`[arw] ${message ?? ''}`, fieldsText(fields, true)),
};
