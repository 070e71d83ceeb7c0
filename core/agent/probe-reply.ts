/**
 * The probe agent's replies: rules over the conversation, not a language model. The
 * last user or tool message decides: a tool result is reported, a greeting or "help"
 * gets a fixed answer, anything else is echoed with its word count.
 */
import type { ChatMessage } from './model';

export const PROBE_HELP =
  'I am the probe agent: rules, not a language model, so my answers are deterministic. ' +
  "I can tell the time (ask 'what time is it'), do arithmetic (try 'calc (1+2)/3' or '2+3*4'), " +
  'and otherwise I echo what you write with a word count.';

const GREETING = /^(hi|hello|hey|hallo|good (morning|afternoon|evening))\b/i;
const MAX_ECHO = 200;

/** What the loop puts in a `tool` message (JSON): the tool, and its output or error. */
export interface ToolMessageBody {
  tool: string;
  ok: boolean;
  output?: unknown;
  error?: string;
}

function describeToolResult(content: string): string {
  let body: Partial<ToolMessageBody>;
  try {
    body = JSON.parse(content) as Partial<ToolMessageBody>;
  } catch {
    return `The result is ${content}.`;
  }
  if (body.ok === false) return `Sorry, the tool ${body.tool ?? ''} failed: ${body.error ?? 'unknown error'}.`;
  const output = (body.output ?? {}) as { value?: unknown; iso?: unknown };
  if (typeof output.value === 'number') return `The result is ${output.value}.`;
  if (typeof output.iso === 'string') return `It is ${output.iso} (UTC).`;
  return `The tool ${body.tool ?? ''} returned ${JSON.stringify(body.output ?? null)}.`;
}

function clip(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}

/** The probe's whole reply to `messages`. */
export function probeReply(messages: readonly ChatMessage[]): string {
  const last = [...messages].reverse().find((message) => message.role === 'user' || message.role === 'tool');
  if (last?.role === 'tool') return describeToolResult(last.content);
  const text = (last?.content ?? '').trim();
  if (text.length === 0) return "I got no text. Type something, or 'help'.";
  if (GREETING.test(text))
    return "Hello! I am the probe agent, a rule-based stand-in for a model. Type 'help' to see what I can do.";
  if (/^help\b|\bhelp\b\??$/i.test(text)) return PROBE_HELP;
  const words = text.split(/\s+/).length;
  return `You wrote ${words} ${words === 1 ? 'word' : 'words'}: "${clip(text.replace(/\s+/g, ' '))}".`;
}

/** Splits a reply into tokens: each word with its trailing whitespace. */
export function splitTokens(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}
