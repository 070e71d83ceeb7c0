/**
 * The shared chat thread as a Yjs document: a `Y.Array` of message maps
 * `{id, author: {actor, name}, role, text: Y.Text, corr_id, time, status}`. Writers
 * append messages and stream assistant tokens into a message's `Y.Text`; readers get
 * plain snapshots. Remote peers can write anything, so reads check every field.
 */
import * as Y from 'yjs';
import type { ChatMessage } from '../../core/agent/model';

/** Stored in the document's `meta` map; readers of a newer format can tell. */
export const THREAD_FORMAT = 1;
export const MESSAGE_ROLES = ['user', 'assistant'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];
export const MESSAGE_STATUSES = ['streaming', 'done', 'stopped', 'error'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface Author {
  /** The device actor (`device:<ulid>`). */
  actor: string;
  name: string;
}

export interface ThreadMessage {
  id: string;
  author: Author;
  role: MessageRole;
  text: string;
  corr_id: string;
  time: string;
  status: MessageStatus;
}

export type NewMessage = Omit<ThreadMessage, 'status'> & { status?: MessageStatus };

/** The messages array of a thread document. */
export const messagesOf = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray<Y.Map<unknown>>('messages');

/** Appends a message (its text as a `Y.Text`, so tokens can stream into it). */
export function appendMessage(doc: Y.Doc, message: NewMessage): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    if (meta.get('format') === undefined) meta.set('format', THREAD_FORMAT);
    const map = new Y.Map<unknown>();
    map.set('id', message.id);
    map.set('author', { actor: message.author.actor, name: message.author.name });
    map.set('role', message.role);
    map.set('text', new Y.Text(message.text));
    map.set('corr_id', message.corr_id);
    map.set('time', message.time);
    map.set('status', message.status ?? 'done');
    messagesOf(doc).push([map]);
  });
}

function findMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const messages = messagesOf(doc);
  // Streaming writes go to the newest messages: search from the end.
  for (let i = messages.length - 1; i >= 0; i--) {
    const map = messages.get(i);
    if (map instanceof Y.Map && map.get('id') === id) return map;
  }
  return undefined;
}

/** Appends streamed text to a message; false when the message is not in the thread. */
export function appendText(doc: Y.Doc, id: string, token: string): boolean {
  const text = findMap(doc, id)?.get('text');
  if (!(text instanceof Y.Text)) return false;
  text.insert(text.length, token);
  return true;
}

/** Ends a streaming message; `finalText` replaces the text only when nothing was streamed. */
export function finishMessage(doc: Y.Doc, id: string, status: MessageStatus, finalText?: string): void {
  const map = findMap(doc, id);
  if (!map) return;
  doc.transact(() => {
    const text = map.get('text');
    if (finalText && text instanceof Y.Text && text.length === 0) text.insert(0, finalText);
    map.set('status', status);
  });
}

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

function readMessage(map: unknown): ThreadMessage | undefined {
  if (!(map instanceof Y.Map)) return undefined;
  const id = map.get('id');
  const role = map.get('role');
  if (typeof id !== 'string' || !(MESSAGE_ROLES as readonly unknown[]).includes(role)) return undefined;
  const author = map.get('author') as Partial<Author> | undefined;
  const text = map.get('text');
  const status = map.get('status');
  return {
    id,
    author: { actor: str(author?.actor, 'unknown'), name: str(author?.name, 'someone') },
    role: role as MessageRole,
    text: text instanceof Y.Text ? text.toString() : str(text),
    corr_id: str(map.get('corr_id')),
    time: str(map.get('time')),
    status: (MESSAGE_STATUSES as readonly unknown[]).includes(status) ? (status as MessageStatus) : 'done',
  };
}

/** The thread as plain messages, in document order (malformed entries skipped). */
export function readThread(doc: Y.Doc): ThreadMessage[] {
  return messagesOf(doc)
    .toArray()
    .map(readMessage)
    .filter((message): message is ThreadMessage => message !== undefined);
}

/** The thread as model history: finished messages, the newest `maxMessages`. */
export function threadHistory(messages: readonly ThreadMessage[], maxMessages = 20): ChatMessage[] {
  return messages
    .filter((message) => message.text && (message.role === 'user' || message.status !== 'streaming'))
    .map((message) => ({ role: message.role, content: message.text }))
    .slice(-maxMessages);
}

export interface ThreadTurn {
  corrId: string;
  messages: ThreadMessage[];
}

/** Consecutive messages of one episode (a user message and its reply) grouped for display. */
export function groupTurns(messages: readonly ThreadMessage[]): ThreadTurn[] {
  const turns: ThreadTurn[] = [];
  for (const message of messages) {
    const last = turns[turns.length - 1];
    if (last && message.corr_id && last.corrId === message.corr_id) last.messages.push(message);
    else turns.push({ corrId: message.corr_id, messages: [message] });
  }
  return turns;
}
