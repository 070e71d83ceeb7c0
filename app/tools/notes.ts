/**
 * notes.read and notes.append over the project's shared Yjs notes (app/collab/project-doc.ts).
 * The document comes from an injected `notesDoc`, so the app hands the open project's doc
 * and tests a plain Y.Doc. An append is one Yjs transaction, so it merges with edits
 * other devices make at the same time.
 */
import type * as Y from 'yjs';
import type { NotesAppendParams, NotesReadParams } from '../../core/tools/params';
import type { ToolExecutor } from '../../core/tools/types';
import { projectDocName } from '../collab/doc-names';
import { notesOf } from '../collab/project-doc';
import { projectOf } from './project';

/** The project's document (`<project>/project`), loaded. */
export type NotesDoc = (projectId: string) => Promise<Y.Doc>;

/** Marks the tool's writes, so observers can tell them from a person's typing. */
export const NOTES_TOOL_ORIGIN = 'tool:notes.append';

export function createNotesRead(notesDoc: NotesDoc): ToolExecutor<NotesReadParams> {
  return async (_params, context) => {
    const doc = await notesDoc(projectOf('notes.read', context));
    return { text: notesOf(doc).toString() };
  };
}

export function createNotesAppend(notesDoc: NotesDoc): ToolExecutor<NotesAppendParams> {
  return async (params, context) => {
    const doc = await notesDoc(projectOf('notes.append', context));
    const notes = notesOf(doc);
    doc.transact(() => {
      const current = notes.toString();
      // Appended text starts on its own line, unless the notes are empty or already end with one.
      const separator = current === '' || current.endsWith('\n') ? '' : '\n';
      notes.insert(notes.length, separator + params.text);
    }, NOTES_TOOL_ORIGIN);
    return { length: notes.length };
  };
}

/** The part of the open project document session (collab's `projectDoc.session()`) notes need. */
export interface OpenProjectDoc {
  docName: string;
  doc: Y.Doc;
  loaded: Promise<void>;
}

/**
 * A NotesDoc over the project document the app has open: its doc once loaded from this
 * device's copy. The notes of a project that is not open are refused rather than opened
 * apart from the relay, where edits would not reach the person's other devices at once.
 */
export function openProjectNotes(current: () => OpenProjectDoc | undefined): NotesDoc {
  return async (projectId) => {
    const session = current();
    if (session === undefined || session.docName !== projectDocName(projectId)) {
      throw new Error(`the notes of project ${projectId} are not open; open the project and try again`);
    }
    await session.loaded;
    return session.doc;
  };
}
