/**
 * The ten built-in tools (SPEC §7, design11 table), declared once: name, description for
 * the model, zod params, and the capability + scope each call needs. Pure: executors
 * live where the tools run (core/tools for the pure ones, app/tools for the browser's).
 */
import { netScopeOf, pathScope } from '../policy/scope';
import {
  ClockNowParamsSchema,
  FilesListParamsSchema,
  FilesReadParamsSchema,
  FilesWriteParamsSchema,
  HttpFetchParamsSchema,
  JournalSearchParamsSchema,
  MathEvalParamsSchema,
  NotesAppendParamsSchema,
  NotesReadParamsSchema,
  TextExtractParamsSchema,
  type ClockNowParams,
  type FilesListParams,
  type FilesReadParams,
  type FilesWriteParams,
  type HttpFetchParams,
  type JournalSearchParams,
  type MathEvalParams,
  type NotesAppendParams,
  type NotesReadParams,
  type TextExtractParams,
} from './params';
import type { ToolDefinition } from './types';

/** Time the toolbox allows an http.fetch beyond its own timeout_ms, so its own clearer error comes first. */
const HTTP_MARGIN_MS = 2_000;

export const CLOCK_NOW: ToolDefinition<ClockNowParams> = {
  name: 'clock.now',
  description: 'The current date and time: ISO-8601 in UTC, and milliseconds since 1970.',
  params: ClockNowParamsSchema,
  capability: null,
  permissions: [],
  needs: () => null,
};

export const MATH_EVAL: ToolDefinition<MathEvalParams> = {
  name: 'math.eval',
  description: 'Evaluates arithmetic exactly as written: numbers, + - * /, parentheses, unary minus.',
  params: MathEvalParamsSchema,
  capability: null,
  permissions: [],
  needs: () => null,
};

export const TEXT_EXTRACT: ToolDefinition<TextExtractParams> = {
  name: 'text.extract',
  description: 'The readable text and the title of an HTML page (scripts, styles and markup removed).',
  params: TextExtractParamsSchema,
  capability: null,
  permissions: [],
  needs: () => null,
};

export const HTTP_FETCH: ToolDefinition<HttpFetchParams> = {
  name: 'http.fetch',
  description:
    'Fetches a URL over http(s) with GET or POST and returns the status, content type and body (text or JSON). ' +
    'In the browser a site must allow cross-origin requests (CORS) or it refuses; the error says so.',
  params: HttpFetchParamsSchema,
  capability: 'net:http',
  permissions: [
    { capability: 'net:http', scope: 'net://*', reason: 'fetches the URL a call gives, from any host a lease allows' },
  ],
  needs: (params) => ({ capability: 'net:http', scope: netScopeOf(params.url) }),
  timeoutMs: (params) => params.timeout_ms + HTTP_MARGIN_MS,
};

export const NOTES_READ: ToolDefinition<NotesReadParams> = {
  name: 'notes.read',
  description: "The current project's shared notes, as plain text.",
  params: NotesReadParamsSchema,
  capability: 'project:read',
  permissions: [{ capability: 'project:read', scope: 'project://read', reason: "reads the project's shared notes" }],
  needs: () => ({ capability: 'project:read', scope: 'project://read' }),
};

export const NOTES_APPEND: ToolDefinition<NotesAppendParams> = {
  name: 'notes.append',
  description: "Adds text at the end of the current project's shared notes (on a new line); returns the notes' length.",
  params: NotesAppendParamsSchema,
  capability: 'project:write',
  permissions: [
    { capability: 'project:write', scope: 'project://write', reason: "appends to the project's shared notes" },
  ],
  needs: () => ({ capability: 'project:write', scope: 'project://write' }),
};

export const JOURNAL_SEARCH: ToolDefinition<JournalSearchParams> = {
  name: 'journal.search',
  description:
    "Searches the person's own journal of events (chats, episodes, tool calls), newest first; " +
    'each match has its id, time, kind, episode (corr_id) and a snippet around the words found.',
  params: JournalSearchParamsSchema,
  capability: 'project:read',
  permissions: [{ capability: 'project:read', scope: 'project://read', reason: "searches the person's own journal" }],
  needs: () => ({ capability: 'project:read', scope: 'project://read' }),
};

export const FILES_LIST: ToolDefinition<FilesListParams> = {
  name: 'files.list',
  description:
    "Lists a folder in the project's files: each entry's name, whether it is a file or a folder, and a file's size.",
  params: FilesListParamsSchema,
  capability: 'fs:read',
  permissions: [{ capability: 'fs:read', scope: 'path://**', reason: "lists folders in the project's files" }],
  needs: (params) => ({ capability: 'fs:read', scope: pathScope(params.path) }),
};

export const FILES_READ: ToolDefinition<FilesReadParams> = {
  name: 'files.read',
  description:
    "Reads a text file from the project's files (at most 256 KiB; longer files come back cut, truncated: true).",
  params: FilesReadParamsSchema,
  capability: 'fs:read',
  permissions: [{ capability: 'fs:read', scope: 'path://**', reason: "reads text files in the project's files" }],
  needs: (params) => ({ capability: 'fs:read', scope: pathScope(params.path) }),
};

export const FILES_WRITE: ToolDefinition<FilesWriteParams> = {
  name: 'files.write',
  description: "Writes a text file in the project's files, replacing what it held; folders on the way are created.",
  params: FilesWriteParamsSchema,
  capability: 'fs:write',
  permissions: [{ capability: 'fs:write', scope: 'path://**', reason: "writes text files in the project's files" }],
  needs: (params) => ({ capability: 'fs:write', scope: pathScope(params.path) }),
};

/** All ten, in the order people see them. */
export const BUILTIN_TOOLS: ToolDefinition[] = [
  CLOCK_NOW,
  MATH_EVAL,
  TEXT_EXTRACT,
  HTTP_FETCH,
  NOTES_READ,
  NOTES_APPEND,
  JOURNAL_SEARCH,
  FILES_LIST,
  FILES_READ,
  FILES_WRITE,
];

const CAPABILITIES = new Map(BUILTIN_TOOLS.map((tool) => [tool.name, tool.capability]));

/**
 * The capability a built-in tool needs: a string, `null` for a tool that needs none, and
 * `undefined` for a name that is no built-in tool (the shape checkRecipe's registry takes).
 */
export function toolCapability(name: string): string | null | undefined {
  return CAPABILITIES.get(name);
}
