/**
 * The executors of the four built-in tools that need nothing from the browser (clock.now,
 * math.eval, text.extract, http.fetch over an injected fetch), and their toolbox entries,
 * so the page, a worker or the server can offer them alike.
 */
import { evaluateArithmetic } from '../agent/arithmetic';
import { isoTime, type Clock } from '../lib/clock';
import { CLOCK_NOW, HTTP_FETCH, MATH_EVAL, TEXT_EXTRACT } from './builtin';
import { extractText } from './html-text';
import { createHttpFetch, type HttpFetchDeps } from './http-fetch';
import type { ClockNowParams, MathEvalParams, TextExtractParams } from './params';
import { toolEntry, type ToolEntry } from './toolbox';
import type { ToolExecutor } from './types';

/** clock.now: `{ iso, epoch_ms }` from the injected clock. */
export const clockNow =
  (clock: Clock): ToolExecutor<ClockNowParams> =>
  () => {
    const ms = clock.now();
    return { iso: isoTime(ms), epoch_ms: ms };
  };

/** math.eval: `{ expression, value }`; an expression it cannot evaluate throws with the position. */
export const mathEval: ToolExecutor<MathEvalParams> = ({ expression }) => {
  const result = evaluateArithmetic(expression);
  if (!result.ok) throw new RangeError(`math.eval cannot evaluate '${expression}': ${result.error}`);
  return { expression, value: result.value };
};

/** text.extract: `{ title, text, truncated }`. */
export const textExtract: ToolExecutor<TextExtractParams> = ({ html, max_chars }) => extractText(html, max_chars);

export interface CoreToolDeps extends HttpFetchDeps {
  clock: Clock;
}

/** Entries for clock.now, math.eval, text.extract and http.fetch. */
export function coreToolEntries(deps: CoreToolDeps): ToolEntry[] {
  return [
    toolEntry(CLOCK_NOW, clockNow(deps.clock)),
    toolEntry(MATH_EVAL, mathEval),
    toolEntry(TEXT_EXTRACT, textExtract),
    toolEntry(HTTP_FETCH, createHttpFetch(deps)),
  ];
}
