/**
 * Names of the collaborative documents: the relay's document name (`<project>/…`, the
 * only shape a project-scoped sync token may open) and the IndexedDB database that keeps
 * each document on this device. Pure.
 */
import { isLegacyConversation } from '../../core/read-models/conversations';

/** The thread every project has; more threads get their own ids later. */
export const MAIN_THREAD = 'main';

/** The thread of a conversation: its id, `main` for the project's main (`legacy:`) one or none. */
export function conversationThread(conversationId: string | undefined): string {
  return !conversationId || isLegacyConversation(conversationId) ? MAIN_THREAD : conversationId;
}

/** `<project>/thread/<thread>`: the relay's document name for one chat thread. */
export function threadDocName(project: string, thread: string = MAIN_THREAD): string {
  return `${project}/thread/${thread}`;
}

/** One IndexedDB database per document, so compaction and deletion stay per document. */
export function localDbName(docName: string): string {
  return `arw-yjs:${docName}`;
}

/** Stands for "no project" (personal work); never a valid project id, so never relayed. */
export const PERSONAL_PROJECT = '~personal';

/** `<project>/project`: the project's notes and attached agents. */
export function projectDocName(project: string | undefined): string {
  return `${project ?? PERSONAL_PROJECT}/project`;
}
