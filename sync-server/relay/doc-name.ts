/**
 * Yjs document names on `/yjs/:doc`: URL-decoded, 1–512 characters, `<project>/<name>`
 * for documents of a project (a project-scoped token reaches only those).
 */
import { isLegacyConversation } from '../../core/read-models/conversations';

/** The project a Yjs document belongs to: the part of its name before the first `/`. */
export function projectOfDoc(docName: string): string | undefined {
  const slash = docName.indexOf('/');
  return slash > 0 ? docName.slice(0, slash) : undefined;
}

/** Most characters in a document name (after URL-decoding). */
export const DOC_NAME_MAX = 512;

/** Decodes the `:doc` of `/yjs/:doc` (URL-decoded, 1–512 characters), or says why not. */
export function parseDocName(raw: string): { ok: true; value: { doc: string } } | { ok: false; detail: string } {
  let doc: string;
  try {
    doc = decodeURIComponent(raw);
  } catch {
    return { ok: false, detail: 'the document name is not valid URL encoding' };
  }
  if (doc.length === 0 || doc.length > DOC_NAME_MAX)
    return { ok: false, detail: `the document name must be 1–${DOC_NAME_MAX} characters, e.g. /yjs/<project>/notes` };
  return { ok: true, value: { doc } };
}

/**
 * `<project>/thread/<conversation>`: the shared thread of one conversation, as the app
 * names it (app/collab/doc-names.ts: the project's main, `legacy:` conversation keeps
 * `main`); erased with the conversation (SPEC §7).
 */
export function threadDocOf(project: string, conversationId: string): string {
  return `${project}/thread/${isLegacyConversation(conversationId) ? 'main' : conversationId}`;
}
