/**
 * Installed recipes, conversations and a project's attached agents (SPEC §7). The
 * recipe manifest is validated by spec/recipe.ts at install; the event only pins down
 * what every reader needs of it (id, name, version), so an older reader still folds it.
 */
import { z } from 'zod';

const recipeId = z.string().min(1).max(64);
const version = z.string().min(1).max(64);
const id = z.string().min(1).max(128);

export const RecipesInstalledSchema = z.looseObject({
  recipe: z.looseObject({ id: recipeId, name: z.string().min(1).max(200), version }),
  /** The recipe's other files (prompts, docs) by relative path. */
  files: z.record(z.string().min(1).max(512), z.string()).optional(),
  source: z.enum(['folder', 'zip', 'url', 'bundled']),
  /** SHA-256 (hex) of the canonical manifest and files, to tell an update from a reinstall. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters (a SHA-256)'),
  previous_version: version.optional(),
});

export const RecipesUninstalledSchema = z.looseObject({ recipe_id: recipeId, version });

export const ConversationCreatedSchema = z.looseObject({
  conversation_id: id,
  title: z.string().max(500),
  /** The agent it talks to: `recipe:<id>`, `agent:chat`, or a model id. */
  agent: z.string().min(1).max(256),
  recipe_id: recipeId.optional(),
});

/** A new title for a conversation (SPEC §7); the newest rename wins. */
export const ConversationRenamedSchema = z.looseObject({ conversation_id: id, title: z.string().min(1).max(200) });

/**
 * The tombstone of an erased conversation (SPEC §7). Every store that sees it removes the
 * conversation's events (its `conversation.*` events and every event of its episodes,
 * `leases.*` excepted) and keeps only this event. `corr_ids` lists the episodes the
 * deleting device knew of; each store also erases the episodes it finds itself.
 */
export const ConversationDeletedSchema = z.looseObject({
  conversation_id: id,
  corr_ids: z.array(id).max(100_000).optional(),
});

/** A local project was created (SPEC §5 Hub); the project is the envelope's `project_id`. */
export const ProjectsCreatedSchema = z.looseObject({ name: z.string().min(1).max(200) });
export const ProjectsRenamedSchema = z.looseObject({ name: z.string().min(1).max(200) });
/** Archived projects leave the pickers; `archived: false` brings one back. */
export const ProjectsArchivedSchema = z.looseObject({ archived: z.boolean() });

/** The project is the envelope's `project_id`. */
export const ProjectsAgentAttachedSchema = z.looseObject({ agent_id: id, label: z.string().min(1).max(200) });
export const ProjectsAgentDetachedSchema = z.looseObject({ agent_id: id });
