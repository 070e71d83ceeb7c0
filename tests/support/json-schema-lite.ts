/**
 * A small structural JSON Schema check for tests: type, properties, required,
 * additionalProperties, items, anyOf, enum/const, string and number bounds, pattern.
 * Enough to prove a generated schema accepts (or refuses) a document; not a validator
 * for production use (no $ref, no formats).
 */

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

const at = (path: string) => path || '(root)';
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

/** Every way `value` breaks `schema`, as `path: problem` lines; empty when it conforms. */
export function schemaProblems(schema: JsonSchema, value: unknown, path = ''): string[] {
  if (schema.anyOf) {
    const branches = schema.anyOf.map((branch) => schemaProblems(branch, value, path));
    return branches.some((problems) => problems.length === 0) ? [] : [`${at(path)}: matches none of anyOf`];
  }
  if (schema.type && !typeMatches(schema.type, value)) return [`${at(path)}: expected ${schema.type}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at(path)}: not one of ${schema.enum.join(', ')}`];
  if ('const' in schema && schema.const !== value) return [`${at(path)}: must be ${String(schema.const)}`];
  const problems: string[] = [];
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
      problems.push(`${at(path)}: does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${at(path)}: too short`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${at(path)}: too long`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at(path)}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at(path)}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${at(path)}: too few items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${at(path)}: too many items`);
    if (schema.items)
      value.forEach((item, i) => problems.push(...schemaProblems(schema.items!, item, `${path}[${i}]`)));
  }
  if (isObject(value)) {
    const child = (key: string) => (path ? `${path}.${key}` : key);
    for (const key of schema.required ?? []) if (!(key in value)) problems.push(`${child(key)}: required`);
    for (const [key, item] of Object.entries(value)) {
      const known = schema.properties?.[key];
      if (known) problems.push(...schemaProblems(known, item, child(key)));
      else if (schema.additionalProperties === false) problems.push(`${child(key)}: not allowed`);
      else if (isObject(schema.additionalProperties))
        problems.push(...schemaProblems(schema.additionalProperties, item, child(key)));
    }
  }
  return problems;
}
