/**
 * Generated artifacts of the contract, as text keyed by path under spec/generated/.
 * Pure: `scripts/gen-spec.ts` writes them, a test fails when the checked-in files
 * drift from this source. JSON Schema (draft 2020-12) comes from zod's converter.
 */
import { z } from 'zod';
import { EventEnvelopeSchema } from './envelope';
import { EVENT_KINDS, KNOWN_KINDS } from './vocabulary';

const BASE_ID = 'https://arw-hub.local/spec/schemas';

function schemaText(schema: z.ZodType, id: string, title: string, description?: string): string {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = json;
  return `${JSON.stringify({ $schema, $id: `${BASE_ID}/${id}`, title, ...(description ? { description } : {}), ...rest }, null, 2)}\n`;
}

/** Every generated file: path relative to spec/generated/ → content. */
export function generateArtifacts(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('schemas/envelope.json', schemaText(EventEnvelopeSchema, 'envelope.json', 'ARW event envelope (SPEC E1)'));
  for (const kind of KNOWN_KINDS) {
    const definition = EVENT_KINDS[kind];
    files.set(`schemas/events/${kind}.json`, schemaText(definition.payload, `events/${kind}.json`, `${kind} payload v${definition.v}`, definition.description));
  }
  const index = KNOWN_KINDS.map((kind) => ({ kind, v: EVENT_KINDS[kind].v, description: EVENT_KINDS[kind].description, schema: `events/${kind}.json` }));
  files.set('schemas/index.json', `${JSON.stringify({ envelope: 'envelope.json', kinds: index }, null, 2)}\n`);
  return files;
}
