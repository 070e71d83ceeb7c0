/**
 * Fills a recipe's templates (SPEC §4): `{{input}}` is the launch input, `{{steps.<id>}}`
 * and `{{steps.<id>.<dot.path>}}` an earlier step's result. A string that is one whole
 * placeholder gets the raw value (an object stays an object); any other string is
 * interpolated. A placeholder that cannot be filled is an error naming it, never "undefined".
 */
import { parsePlaceholder, PLACEHOLDER_SOURCE } from '../../spec/recipe';
import { err, ok, type Result } from '../lib/result';

export interface TemplateScope {
  /** What the person launched the recipe with (a URL, a question, a form's values). */
  input: unknown;
  /** The results of the steps that have run, by step id. */
  steps: Readonly<Record<string, unknown>>;
}

const WHOLE = new RegExp(`^${PLACEHOLDER_SOURCE}$`);
const MAX_DEPTH = 32;

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] =>
  value !== null && typeof value === 'object';

function kindOf(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'text' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** The value a placeholder names, or why there is none. */
function lookup(expression: string, scope: TemplateScope): Result<unknown, string> {
  const placeholder = parsePlaceholder(expression);
  const shown = `{{${expression}}}`;
  if (placeholder === null) return err(`${shown} is not a placeholder; use {{input}} or {{steps.<step id>.<field>}}`);
  let current: unknown;
  let where: string;
  if (placeholder.root === 'input') {
    if (scope.input === undefined) return err(`${shown}: the recipe was launched without an input`);
    current = scope.input;
    where = 'input';
  } else {
    if (!Object.hasOwn(scope.steps, placeholder.step)) {
      const ran = Object.keys(scope.steps);
      return err(
        `${shown}: step "${placeholder.step}" has not run (${ran.length ? `steps so far: ${ran.join(', ')}` : 'no step has run yet'})`,
      );
    }
    current = scope.steps[placeholder.step];
    where = `steps.${placeholder.step}`;
  }
  for (const segment of placeholder.path) {
    if (!isContainer(current) || !Object.hasOwn(current, segment)) {
      const fields = isContainer(current) && !Array.isArray(current) ? Object.keys(current).slice(0, 8) : [];
      return err(
        `${shown}: ${where} has no "${segment}" (${fields.length ? `its fields are ${fields.join(', ')}` : `it is ${kindOf(current)}`})`,
      );
    }
    current = (current as Record<string, unknown>)[segment];
    where = `${where}.${segment}`;
  }
  if (current === undefined) return err(`${shown}: ${where} has no value`);
  return ok(current);
}

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : value === null ? '' : isContainer(value) ? JSON.stringify(value) : String(value);

/** `text` with every placeholder replaced by its value as text (objects as JSON, null as nothing). */
export function fillText(text: string, scope: TemplateScope): Result<string, string> {
  let failure: string | undefined;
  const filled = text.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), (_match, expression: string) => {
    if (failure !== undefined) return '';
    const value = lookup(expression, scope);
    if (!value.ok) failure = value.error;
    return value.ok ? asText(value.value) : '';
  });
  return failure === undefined ? ok(filled) : err(failure);
}

function fillValue(value: unknown, scope: TemplateScope, depth: number): Result<unknown, string> {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    return whole ? lookup(whole[1]!, scope) : fillText(value, scope);
  }
  if (!isContainer(value) || depth >= MAX_DEPTH) return ok(value);
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    const filled = fillValue(item, scope, depth + 1);
    if (!filled.ok) return filled;
    entries.push([key, filled.value]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays a plain key.
  return ok(Array.isArray(value) ? entries.map(([, item]) => item) : Object.fromEntries(entries));
}

/** `params` with every placeholder filled, at any depth; the first that cannot be filled is the error. */
export function fillTemplate(
  params: Readonly<Record<string, unknown>>,
  scope: TemplateScope,
): Result<Record<string, unknown>, string> {
  return fillValue(params, scope, 0) as Result<Record<string, unknown>, string>;
}
