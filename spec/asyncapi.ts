/**
 * AsyncAPI 3.0 document for the event stream: one channel per event kind (address
 * `arw.events.{project}.<kind>`, SPEC §6 subjects), each with the envelope and the
 * kind's payload JSON Schema. Pure; generated from the vocabulary.
 */
import { stringify } from 'yaml';
import { EventEnvelopeSchema } from './envelope';
import { jsonSchemaOf } from './json-schema';
import { EVENT_KINDS, KNOWN_KINDS } from './vocabulary';

const channelId = (kind: string) => kind.replace(/[^a-z0-9]+/g, '_');

/** The AsyncAPI document as YAML text. */
export function buildAsyncApi(version: string): string {
  const envelope = jsonSchemaOf(EventEnvelopeSchema);
  const envelopeProps = (envelope.properties ?? {}) as Record<string, unknown>;
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const kind of KNOWN_KINDS) {
    const id = channelId(kind);
    const definition = EVENT_KINDS[kind];
    messages[id] = {
      name: kind,
      title: kind,
      summary: definition.description,
      contentType: 'application/json',
      payload: {
        ...envelope,
        properties: {
          ...envelopeProps,
          kind: { type: 'string', const: kind },
          v: { type: 'integer', minimum: 1, maximum: definition.v },
          payload: jsonSchemaOf(definition.payload),
        },
      },
    };
    channels[id] = {
      address: `arw.events.{project}.${kind}`,
      description: definition.description,
      parameters: { project: { description: 'Project id; `_` for events without a project.' } },
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    operations[`receive_${id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `Receive ${kind} events (SSE /events, WS /sync, NATS).`,
    };
  }
  const doc = {
    asyncapi: '3.0.0',
    info: {
      title: 'ARW Hub events',
      version,
      description: 'Every event kind of the journal, with its payload schema (SPEC §1).',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
  return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
}
