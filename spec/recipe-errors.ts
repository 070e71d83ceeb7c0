/**
 * Turns zod issues and rule issues about a manifest into FieldErrors a person can act
 * on: one per field, its path written `tools[1].mode`, and a message that says what is
 * wrong and what is accepted (from RECIPE_FIELD_HINTS), with the value that was given.
 */
import type { z } from 'zod';
import { RECIPE_FIELD_HINTS, RECIPE_KEYS } from './recipe-schema';
import type { PathPart, RuleIssue } from './recipe-rules';

export interface FieldError {
  /** Where the bad field is, e.g. `tools[1].mode`; `(root)` for the document itself. */
  path: string;
  /** What is wrong and what is accepted, in plain words. */
  message: string;
}

export const ROOT_PATH = '(root)';

export function pathText(path: readonly PathPart[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text || ROOT_PATH;
}

/** The hint key of a path: indexes become `[]`. */
const patternOf = (path: readonly PathPart[]) =>
  path
    .map((part) => (typeof part === 'number' ? '[]' : `.${part}`))
    .join('')
    .replace(/^\./, '');

/** A value as a person would name it, short. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b`: "lable" is one from "label". */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
  return rows[a.length]![b.length]!;
}

function unknownKey(key: string, accepted: readonly string[]): string {
  const near = accepted
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.floor(key.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0];
  if (near) return `unknown key ${JSON.stringify(key)} (did you mean ${JSON.stringify(near.candidate)}?)`;
  return `unknown key ${JSON.stringify(key)}; accepted keys here: ${accepted.join(', ')}`;
}

/** The branch of a failed union that matched the value's kind (an object for an object), if any. */
function closestBranch(branches: readonly (readonly z.core.$ZodIssue[])[]) {
  return branches.find((issues) =>
    issues.every((issue) => issue.path.length > 0 || (issue.code !== 'invalid_type' && issue.code !== 'invalid_value')),
  );
}

function fromIssue(issue: z.core.$ZodIssue, prefix: readonly PathPart[]): FieldError[] {
  const path = [...prefix, ...(issue.path as PathPart[])];
  if (issue.code === 'unrecognized_keys') {
    const accepted = RECIPE_KEYS[patternOf(path)] ?? [];
    return issue.keys.map((key) => ({ path: pathText([...path, key]), message: unknownKey(key, accepted) }));
  }
  if (issue.code === 'invalid_union') {
    const branch = closestBranch(issue.errors);
    if (branch) return branch.flatMap((inner) => fromIssue(inner, path));
  }
  const hint = RECIPE_FIELD_HINTS[patternOf(path)];
  const input = (issue as { input?: unknown }).input;
  if (hint === undefined) return [{ path: pathText(path), message: issue.message }];
  if (input === undefined) return [{ path: pathText(path), message: `is required (${hint})` }];
  return [{ path: pathText(path), message: `must be ${hint} (got ${describeValue(input)})` }];
}

/** One error per field, zod's first, then the rules' (a field already wrong keeps its first error). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], rules: readonly RuleIssue[]): FieldError[] {
  const all = [
    ...issues.flatMap((issue) => fromIssue(issue, [])),
    ...rules.map((rule) => ({ path: pathText(rule.path), message: rule.message })),
  ];
  const seen = new Set<string>();
  return all.filter((error) => !seen.has(error.path) && seen.add(error.path));
}
