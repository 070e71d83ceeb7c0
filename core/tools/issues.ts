/**
 * Tool arguments checked against a tool's zod params, with the problems in plain words a
 * model (or a person) can act on: each bad field named, why, and what is accepted.
 * A message written on the schema itself (`error: '...'`) wins over these words.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';

const ARTICLE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  record: 'an object',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Field names of an object schema, read from zod's definition (empty for other schemas). */
function fieldsOf(schema: unknown): string[] {
  const shape = (schema as { def?: { shape?: Record<string, unknown> } } | undefined)?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

interface RawIssue {
  code: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  values?: readonly unknown[];
  keys?: readonly string[];
  schema?: unknown;
}

/** The plain words for one issue, without the field name. */
function words(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const wanted = ARTICLE[issue.expected ?? ''] ?? issue.expected ?? 'another type';
      return issue.input === undefined
        ? `is required (${wanted})`
        : `must be ${wanted}, not ${describeValue(issue.input)}`;
    }
    case 'too_small':
      return issue.origin === 'string'
        ? `must have at least ${issue.minimum} character${issue.minimum === 1 ? '' : 's'}`
        : issue.origin === 'array'
          ? `must have at least ${issue.minimum} items`
          : `must be at least ${issue.minimum}, not ${describeValue(issue.input)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must have at most ${issue.maximum} characters`
        : issue.origin === 'array'
          ? `must have at most ${issue.maximum} items`
          : `must be at most ${issue.maximum}, not ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `must be one of ${(issue.values ?? []).map((value) => JSON.stringify(value)).join(', ')}, not ${describeValue(issue.input)}`;
    case 'unrecognized_keys': {
      const fields = fieldsOf(issue.schema);
      const accepted = fields.length > 0 ? `the fields are ${fields.join(', ')}` : 'this tool takes no fields';
      return `unknown field${issue.keys?.length === 1 ? '' : 's'} ${(issue.keys ?? []).join(', ')} (${accepted})`;
    }
    case 'invalid_format':
      return `is not a valid ${(issue as { format?: string }).format ?? 'value'}`;
    default:
      return 'is not accepted';
  }
}

/**
 * Parses `input` with `schema`; on failure, one line per problem, `field: words`
 * (`arguments:` for the whole object), joined with `; `.
 */
export function parsePlain<T>(schema: z.ZodType<T>, input: unknown): Result<T, string> {
  const parsed = schema.safeParse(input, { error: (issue) => words(issue as RawIssue) });
  if (parsed.success) return ok(parsed.data);
  const lines = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return `${field || 'arguments'}: ${issue.message}`;
  });
  return err(lines.join('; '));
}
