/** zod → JSON Schema (draft 2020-12), the one converter every generated artifact uses. */
import { z } from 'zod';

/** JSON Schema of `schema` as accepted on input, without the `$schema` line. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const { $schema: _ignored, ...rest } = json;
  return rest;
}
