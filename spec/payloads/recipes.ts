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

/** The project is the envelope's `project_id`. */
export const ProjectsAgentAttachedSchema = z.looseObject({ agent_id: id, label: z.string().min(1).max(200) });
export const ProjectsAgentDetachedSchema = z.looseObject({ agent_id: id });
