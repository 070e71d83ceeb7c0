/**
 * The shipped examples (public/recipes/index.json and the manifests it lists), read for
 * the gallery's Examples list: each with its manifest for the card, or why it cannot be
 * shown. Installing one goes through the normal install as a `bundled` source.
 */
import { z } from 'zod';
import { parseRecipe, type RecipeManifest } from '../../spec/recipe';
import type { FetchLike, RecipeSource } from './sources';

export const EXAMPLES_INDEX = 'recipes/index.json';

const IndexSchema = z.object({
  recipes: z.array(
    z.object({ id: z.string().min(1), path: z.string().min(1), files: z.array(z.string().min(1)).optional() }),
  ),
});

export interface Example {
  id: string;
  /** The manifest's absolute URL. */
  url: string;
  files: string[];
  manifest?: RecipeManifest;
  /** Why the example could not be read. */
  error?: string;
}

export function exampleSource(example: Example): RecipeSource {
  return { kind: 'bundled', url: example.url, files: example.files };
}

async function readOne(entry: z.infer<typeof IndexSchema>['recipes'][number], index: URL, fetcher: FetchLike) {
  const url = new URL(entry.path, index).href;
  const example: Example = { id: entry.id, url, files: entry.files ?? [] };
  try {
    const response = await fetcher(url);
    if (!response.ok) return { ...example, error: `${url} answered ${response.status}` };
    const parsed = parseRecipe(await response.text(), /\.json$/i.test(url) ? 'json' : 'yaml');
    if (!parsed.ok) return { ...example, error: parsed.error.map((e) => `${e.path}: ${e.message}`).join('; ') };
    return { ...example, manifest: parsed.value };
  } catch (error) {
    return { ...example, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads the index at `base` (the app's address) and every manifest it lists. */
export async function loadExamples(fetcher: FetchLike, base: string): Promise<Example[]> {
  const index = new URL(EXAMPLES_INDEX, base);
  const response = await fetcher(index.href);
  if (!response.ok) throw new Error(`the examples index ${index.href} answered ${response.status}`);
  const parsed = IndexSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`the examples index is not readable: ${parsed.error.issues[0]?.message ?? ''}`);
  return Promise.all(parsed.data.recipes.map((entry) => readOne(entry, index, fetcher)));
}
