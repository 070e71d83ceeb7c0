/**
 * The event replication protocol on `WS /sync` (SPEC §2; ARCHITECTURE: Sync). JSON
 * text frames, one message each. The handshake carries a protocol version: a client
 * the server cannot serve gets `reject` with a clear "update the app" reason and the
 * socket closes with 4426, so no incompatible client ever writes.
 *
 * Flow: client `hello` (protocol, device, subscriptions with cursors) → server
 * `welcome` → server sends each subscribed project's events after its cursor
 * (`events` batches, then `caught-up`) and afterwards every new event live; client
 * sends `push` batches of its own events, server answers `pushed` once they are
 * durably stored (accepted with their server sequence, duplicates, rejected with
 * field-level issues). Cursors are server sequence numbers (`server_seq`).
 */
import { z } from 'zod';
import { EventEnvelopeSchema } from './envelope';

export const SYNC_PROTOCOL_VERSION = 1;
/** Oldest client protocol this server still serves. */
export const SYNC_PROTOCOL_MIN = 1;
/** Most events in one `push` or `events` message. */
export const SYNC_MAX_BATCH = 500;

/** Largest frame the server accepts (ws `maxPayload`); bigger frames close with 1009. */
export const SYNC_MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** WebSocket close codes used by /sync and /yjs. */
export const SYNC_CLOSE = {
  /** A frame was not valid JSON or not a protocol message. */
  badMessage: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  /** Client protocol too old or too new: update the app. */
  upgradeRequired: 4426,
  /** Frame larger than the server accepts (RFC 6455). */
  tooBig: 1009,
  // y-websocket does not reconnect after 4400-4499, so the "reconnect and resync" codes are RFC 6455's.
  /** The peer stopped reading: its send buffer passed the server's limit. Reconnect and resync (RFC 6455 "try again later"). */
  slowConsumer: 1013,
  /** The server dropped its in-memory copy of the document (an update failed halfway): reconnect and resync ("service restart"). */
  docReloaded: 1012,
  /** The document was erased with its conversation (SPEC §7): do not reconnect (y-websocket stops at 4400-4499). */
  docErased: 4410,
} as const;

const projectId = z.string().min(1).max(128);
const cursor = z.number().int().min(0);

export const SubscriptionSchema = z.strictObject({
  project_id: projectId,
  /** Last `server_seq` this device has for the project; 0 = from the start. */
  after: cursor,
});

export const HelloSchema = z.strictObject({
  type: z.literal('hello'),
  protocol: z.number().int().min(1),
  device_id: z.string().min(1).max(128),
  app_version: z.string().max(64).optional(),
  subscriptions: z.array(SubscriptionSchema).max(1000),
});

export const SubscribeSchema = z.strictObject({
  type: z.literal('subscribe'),
  subscriptions: z.array(SubscriptionSchema).min(1).max(1000),
});

export const PushSchema = z.strictObject({
  type: z.literal('push'),
  /** Chosen by the client; echoed in `pushed`. */
  batch_id: z.string().min(1).max(128),
  /** Validated one by one on the server (a bad event is rejected, not the batch). */
  events: z.array(z.unknown()).min(1).max(SYNC_MAX_BATCH),
});

export const ClientMessageSchema = z.discriminatedUnion('type', [HelloSchema, SubscribeSchema, PushSchema]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** An event as the server stores and sends it: the envelope plus its server sequence. */
export const ServerEventSchema = EventEnvelopeSchema.extend({ server_seq: cursor.min(1) });
export type ServerEvent = z.infer<typeof ServerEventSchema>;

export const WelcomeSchema = z.strictObject({
  type: z.literal('welcome'),
  protocol: z.number().int(),
  server_id: z.string(),
  server_time: z.string(),
});

export const RejectSchema = z.strictObject({
  type: z.literal('reject'),
  code: z.enum(['protocol-too-old', 'protocol-too-new', 'bad-hello']),
  /** Plain words for the person: e.g. "This app is too old for the server: update the app." */
  reason: z.string(),
  min_protocol: z.number().int(),
  max_protocol: z.number().int(),
});

export const PushedSchema = z.strictObject({
  type: z.literal('pushed'),
  batch_id: z.string(),
  accepted: z.array(z.strictObject({ id: z.string(), server_seq: cursor })),
  /** Already stored earlier (same id): not stored again. */
  duplicates: z.array(z.strictObject({ id: z.string(), server_seq: cursor })),
  rejected: z.array(
    z.strictObject({
      index: z.number().int().min(0),
      id: z.string().optional(),
      issues: z.array(z.strictObject({ path: z.string(), message: z.string() })),
    }),
  ),
});

export const EventsSchema = z.strictObject({
  type: z.literal('events'),
  project_id: projectId,
  events: z.array(ServerEventSchema).max(SYNC_MAX_BATCH),
});

export const CaughtUpSchema = z.strictObject({
  type: z.literal('caught-up'),
  project_id: projectId,
  cursor,
});

export const ErrorMessageSchema = z.strictObject({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
});

export const ServerMessageSchema = z.discriminatedUnion('type', [
  WelcomeSchema,
  RejectSchema,
  PushedSchema,
  EventsSchema,
  CaughtUpSchema,
  ErrorMessageSchema,
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
