/**
 * The browser's toolbox: all ten built-in definitions joined with their executors (the
 * pure ones from core/tools, notes over Yjs, journal.search over the journal, files over
 * OPFS or a picked folder). Built once in the composition root from the app's services.
 */
import type { Journal } from '../../core/journal/types';
import type { Clock } from '../../core/lib/clock';
import {
  FILES_LIST,
  FILES_READ,
  FILES_WRITE,
  JOURNAL_SEARCH,
  NOTES_APPEND,
  NOTES_READ,
} from '../../core/tools/builtin';
import { coreToolEntries } from '../../core/tools/core-tools';
import type { FetchLike } from '../../core/tools/http-fetch';
import { createToolbox, toolEntry, type Toolbox, type ToolboxOptions } from '../../core/tools/toolbox';
import { createFilesList, createFilesRead, createFilesWrite, type ProjectFolder } from './files';
import { createJournalSearch } from './journal-search';
import { createNotesAppend, createNotesRead, type NotesDoc } from './notes';

export { createFolderChooser, opfsFolder, type FolderChooser } from './folders';
export { openProjectNotes, type NotesDoc } from './notes';
export type { ProjectFolder } from './files';
export type { DirectoryLike } from './directory';

export interface BrowserToolDeps {
  /** The page's fetch (CORS applies). */
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  clock: Clock;
  journal: Pick<Journal, 'query'>;
  /** The project's loaded document (app/collab), e.g. openProjectNotes(() => collab.projectDoc.session()). */
  notesDoc: NotesDoc;
  /** The project's files folder, e.g. createFolderChooser({ storage: navigator.storage }).folder. */
  folder: ProjectFolder;
  /** Result size and time limits (default 64 KiB, 15 s). */
  options?: ToolboxOptions;
}

/** The toolbox with every built-in tool (SPEC §7). */
export function createBrowserToolbox(deps: BrowserToolDeps): Toolbox {
  const pageFetch = deps.fetch;
  // Called unbound: window.fetch throws "Illegal invocation" when called as a method of another object.
  const fetch: FetchLike = (url, init) => pageFetch(url, init as RequestInit);
  return createToolbox(
    [
      ...coreToolEntries({ clock: deps.clock, fetch, ...(deps.options?.timer ? { timer: deps.options.timer } : {}) }),
      toolEntry(NOTES_READ, createNotesRead(deps.notesDoc)),
      toolEntry(NOTES_APPEND, createNotesAppend(deps.notesDoc)),
      toolEntry(JOURNAL_SEARCH, createJournalSearch(deps.journal)),
      toolEntry(FILES_LIST, createFilesList(deps.folder)),
      toolEntry(FILES_READ, createFilesRead(deps.folder)),
      toolEntry(FILES_WRITE, createFilesWrite(deps.folder)),
    ],
    deps.options,
  );
}
