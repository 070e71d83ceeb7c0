/**
 * Server-Sent Events framing (HTML Living Standard, "event stream"): turns one
 * message into its text frame. Pure string work; the transport writes the bytes.
 */

export interface SseMessage {
  /** `id:` field; the client echoes the last one as `Last-Event-ID` on reconnect. */
  id?: string | number;
  /** `event:` field (the event kind). */
  event?: string;
  /** `data:` payload; newlines become several `data:` lines, as the format requires. */
  data: string;
}

/** Removes CR/LF, which would end a field early and let data forge other fields. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]/g, ' ');
}

/** One complete SSE frame, ending with the blank line that dispatches it. */
export function formatSse(message: SseMessage): string {
  let out = '';
  if (message.id !== undefined) out += `id: ${oneLine(String(message.id))}\n`;
  if (message.event !== undefined) out += `event: ${oneLine(message.event)}\n`;
  for (const line of message.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** A comment frame (ignored by clients): used as the keep-alive. */
export function formatSseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}
