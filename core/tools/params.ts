/**
 * The zod params of the built-in tools (design11 table). Field descriptions reach the
 * model through the JSON Schema; messages set here are what a model reads back when its
 * arguments are refused, so they say what is accepted.
 */
import { z } from 'zod';
import { MAX_EXPRESSION_LENGTH } from '../agent/arithmetic';
import { pathSegments } from './paths';

export const KiB = 1024;
export const MiB = 1024 * KiB;

export const HTTP_MAX_BYTES = MiB;
export const HTTP_DEFAULT_MAX_BYTES = 256 * KiB;
export const HTTP_MAX_TIMEOUT_MS = 30_000;
export const HTTP_DEFAULT_TIMEOUT_MS = 10_000;
export const TEXT_DEFAULT_MAX_CHARS = 20_000;
export const TEXT_MAX_CHARS = MiB;
export const JOURNAL_MAX_LIMIT = 50;
export const JOURNAL_DEFAULT_LIMIT = 20;
/** Longest text one notes.append or files.write takes. */
export const MAX_WRITE_CHARS = MiB;

/** An HTTP token (RFC 9110): fetch refuses other header names with a TypeError that would read as CORS. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HTTP_URL_HINT = 'must be an http or https URL, e.g. https://example.com';

const filePath = (allowEmpty: boolean) =>
  z.string().superRefine((value, context) => {
    const checked = pathSegments(value, allowEmpty);
    if (!checked.ok) context.addIssue({ code: 'custom', message: checked.error });
  });

export const ClockNowParamsSchema = z.strictObject({});
export type ClockNowParams = z.infer<typeof ClockNowParamsSchema>;

export const MathEvalParamsSchema = z.strictObject({
  expression: z
    .string()
    .min(1)
    .max(MAX_EXPRESSION_LENGTH)
    .describe('Arithmetic with numbers, + - * /, parentheses and unary minus, e.g. "(2 + 3) * 4"'),
});
export type MathEvalParams = z.infer<typeof MathEvalParamsSchema>;

export const TextExtractParamsSchema = z.strictObject({
  html: z.string().describe('The HTML of a page'),
  max_chars: z.int().min(1).max(TEXT_MAX_CHARS).default(TEXT_DEFAULT_MAX_CHARS).describe('Longest text to return'),
});
export type TextExtractParams = z.infer<typeof TextExtractParamsSchema>;

export const HttpFetchParamsSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: HTTP_URL_HINT }).describe('http(s) URL'),
    method: z.enum(['GET', 'POST']).default('GET'),
    body: z.string().max(MiB).optional().describe('Request body (POST only)'),
    headers: z
      .record(
        z.string().regex(HEADER_NAME, { error: 'header names are letters, digits and - (e.g. Accept)' }),
        z.string(),
      )
      .optional(),
    as: z.enum(['text', 'json']).default('text').describe('Read the body as text or parse it as JSON'),
    max_bytes: z
      .int()
      .min(1)
      .max(HTTP_MAX_BYTES)
      .default(HTTP_DEFAULT_MAX_BYTES)
      .describe('Read at most this many bytes'),
    timeout_ms: z.int().min(1).max(HTTP_MAX_TIMEOUT_MS).default(HTTP_DEFAULT_TIMEOUT_MS),
  })
  .refine((params) => params.body === undefined || params.method === 'POST', {
    path: ['body'],
    error: 'only a POST sends a body; set method to "POST" or leave body out',
  });
export type HttpFetchParams = z.infer<typeof HttpFetchParamsSchema>;

export const NotesReadParamsSchema = z.strictObject({});
export type NotesReadParams = z.infer<typeof NotesReadParamsSchema>;

export const NotesAppendParamsSchema = z.strictObject({
  text: z.string().min(1).max(MAX_WRITE_CHARS).describe("Text added at the end of the project's notes"),
});
export type NotesAppendParams = z.infer<typeof NotesAppendParamsSchema>;

export const JournalSearchParamsSchema = z.strictObject({
  query: z.string().min(1).max(200).describe('Words to find (case-insensitive) in the events'),
  kind_prefix: z.string().max(100).optional().describe('Only events whose kind starts with this, e.g. "episode."'),
  limit: z.int().min(1).max(JOURNAL_MAX_LIMIT).default(JOURNAL_DEFAULT_LIMIT),
});
export type JournalSearchParams = z.infer<typeof JournalSearchParamsSchema>;

export const FilesListParamsSchema = z.strictObject({
  path: filePath(true).default('').describe('Folder to list; empty for the top of the folder'),
});
export type FilesListParams = z.infer<typeof FilesListParamsSchema>;

export const FilesReadParamsSchema = z.strictObject({
  path: filePath(false).describe('File to read, e.g. notes/todo.md'),
});
export type FilesReadParams = z.infer<typeof FilesReadParamsSchema>;

export const FilesWriteParamsSchema = z.strictObject({
  path: filePath(false).describe('File to write (folders are created), e.g. notes/todo.md'),
  content: z.string().max(MAX_WRITE_CHARS).describe('The whole new content of the file'),
});
export type FilesWriteParams = z.infer<typeof FilesWriteParamsSchema>;
