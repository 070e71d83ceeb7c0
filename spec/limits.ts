/**
 * Bounds on one event, checked before anything else looks at it (validate.ts): how deep
 * its values nest and how large it is serialized. The check is iterative, so input
 * nested 100,000 levels deep is refused without overflowing the stack, and the size is
 * measured only once the depth passed (JSON.stringify itself recurses).
 */

/** Deepest nesting of objects and arrays inside an event (its `payload` is level 1). */
export const EVENT_MAX_DEPTH = 64;
/**
 * Largest event, as UTF-8 bytes of its JSON. 512 KiB rather than 256 KiB: the agent
 * keeps up to 100,000 characters of a prompt in `episode.started`, `obs.recorded` and
 * `tokens.in` (core/agent/run-episode.ts), which is ~300 KB of UTF-8 in CJK scripts.
 */
export const EVENT_MAX_BYTES = 512 * 1024;
/** How far ahead of the server's clock an event's `time` may be (server store). */
export const EVENT_MAX_FUTURE_SECS = 300;
/**
 * Highest depth a configuration may allow; reads skip stored rows nesting deeper than
 * this, since serializing them can overflow the stack of whoever answers a request.
 */
export const EVENT_DEPTH_CEILING = 256;

export interface EventLimits {
  readonly maxDepth: number;
  readonly maxBytes: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { maxDepth: EVENT_MAX_DEPTH, maxBytes: EVENT_MAX_BYTES };

/** One broken bound, in the shape of validate.ts's FieldIssue. */
export interface BoundIssue {
  readonly path: string;
  readonly message: string;
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';
/** Values JSON.stringify leaves out of an object (so they add no bytes). */
const isOmitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * The depth and size bounds of `input` (an event candidate), or undefined when within.
 * Never throws: what cannot be serialized is an issue too.
 */
export function checkEventBounds(input: unknown, limits: EventLimits = DEFAULT_EVENT_LIMITS): BoundIssue | undefined {
  if (!isContainer(input)) return undefined;
  const deep = checkEventDepth(input, limits.maxDepth, limits.maxBytes);
  if (deep !== undefined) return deep;
  let text: string;
  try {
    text = JSON.stringify(input);
  } catch (error) {
    return {
      path: '(root)',
      message: `cannot be serialized as JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const bytes = utf8Length(text);
  if (bytes <= limits.maxBytes) return undefined;
  return {
    path: largestField(input),
    message: `the event is ${bytes} bytes as JSON; the limit is ${limits.maxBytes} bytes`,
  };
}

/**
 * The depth bound alone, walked with an explicit stack (readers of stored rows use it
 * too: their size was checked when written). Each entry walked serializes to at least
 * one byte, so a walk longer than `budget` entries (shared or cyclic objects in the
 * browser) is reported oversized without measuring it.
 */
export function checkEventDepth(
  input: object,
  maxDepth: number,
  budget = Number.POSITIVE_INFINITY,
): BoundIssue | undefined {
  const stack: { value: object; depth: number; field: string }[] = [];
  for (const [key, value] of Object.entries(input)) if (isContainer(value)) stack.push({ value, depth: 1, field: key });
  let walked = 0;
  while (stack.length > 0) {
    const { value, depth, field } = stack.pop()!;
    if (depth > maxDepth)
      return {
        path: field,
        message: `nests deeper than ${maxDepth} levels of objects and arrays; the limit is ${maxDepth}`,
      };
    const isArray = Array.isArray(value);
    for (const child of isArray ? (value as unknown[]) : Object.values(value)) {
      if (!isArray && isOmitted(child)) continue;
      if (++walked > budget) return { path: field, message: `is larger than the limit of ${budget} bytes as JSON` };
      if (isContainer(child)) stack.push({ value: child, depth: depth + 1, field });
    }
  }
  return undefined;
}

/** The top-level field with the longest JSON (the one to blame for an oversized event). */
function largestField(input: object): string {
  let best = '(root)';
  let bestLength = -1;
  for (const [key, value] of Object.entries(input)) {
    const length = isOmitted(value) ? 0 : (JSON.stringify(value)?.length ?? 0);
    if (length > bestLength) [best, bestLength] = [key, length];
  }
  return best;
}

/** UTF-8 length of `text` without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
