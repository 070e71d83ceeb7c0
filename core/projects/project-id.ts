/**
 * Names and ids of local projects. A project's id is what its events carry as
 * `project_id` and what a sync server's token scope lists, so a new id must fit the
 * narrowest rule that meets it: the server's token scopes (spec/http.ts, 1–64 of
 * `A-Z a-z 0-9 _ . -`). Ids are derived from the name once and never change; renaming
 * changes the name only. Pure.
 */
import { err, ok, type Result } from '../lib/result';

/** What a sync server's token scope accepts as a project id (spec/http.ts). */
export const PROJECT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** Longest name a person may give (the event schema allows 200; lists stay readable). */
export const MAX_PROJECT_NAME = 80;
/** Room left for a `-NN` suffix when ids collide. */
const ID_STEM = 48;

/** True when `id` can be a new project's id (and so be put in a token's scope). */
export function isProjectId(id: string): boolean {
  return PROJECT_ID_PATTERN.test(id) && /^[A-Za-z0-9]/.test(id);
}

/** The slug of a name: lower case, accents dropped, every other run of characters a `-`. */
export function slugOfName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, ID_STEM)
    .replace(/^-+|-+$/g, '');
  return slug || 'project';
}

/**
 * A fresh id for a project called `name`: its slug, or the slug with `-2`, `-3`… when
 * `taken` has it (ids of every project this device knows, archived ones included).
 * The personal pseudo-project and ids that differ only in case count as taken too, so
 * two projects never share a relay document name on a case-insensitive store.
 */
export function deriveProjectId(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((id) => id.toLowerCase()));
  const stem = slugOfName(name);
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/**
 * Checks a name typed for a new or renamed project; the error is a sentence for the
 * person typing. `others` are the names of the other projects (a rename excludes its own).
 */
export function checkProjectName(input: string, others: Iterable<string>): Result<string, string> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (!name) return err('Give the project a name (for example “Garden plans”).');
  if (name.length > MAX_PROJECT_NAME)
    return err(`The name is ${name.length} characters long; use at most ${MAX_PROJECT_NAME}.`);
  const lower = name.toLowerCase();
  for (const other of others)
    if (other.trim().toLowerCase() === lower)
      return err(`A project called “${other}” exists already; pick another name.`);
  return ok(name);
}
