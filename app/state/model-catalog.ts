/**
 * The small catalog of model manifests the app knows (public/models/catalog.json): each
 * entry names a manifest beside the catalog, what the model is and its size, so Settings
 * → Models can add one with a click instead of a pasted URL. Parsed here, at the
 * boundary; a bad catalog is an error to show, never a crash. Fetch is injected.
 */
import { z } from 'zod';

export const CATALOG_PATH = 'models/catalog.json';

export const ModelCatalogSchema = z.object({
  v: z.literal(1),
  manifests: z
    .array(
      z.object({
        /** The manifest's address, relative to the catalog's. */
        manifest: z.string().min(1),
        title: z.string().min(1).max(120),
        about: z.string().max(600),
        /** The model file's size, shown before anything downloads. */
        bytes: z.number().int().positive(),
      }),
    )
    .max(100),
});
export type ModelCatalog = z.infer<typeof ModelCatalogSchema>;

export interface CatalogEntry {
  title: string;
  about: string;
  bytes: number;
  /** The manifest's absolute URL (what "Add" hands to the models page). */
  manifestUrl: string;
}

export type CatalogResult = { ok: true; entries: CatalogEntry[] } | { ok: false; problem: string };

/** Reads the catalog at `catalogUrl`; never throws. */
export async function loadModelCatalog(
  catalogUrl: string,
  fetchJson: (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>,
): Promise<CatalogResult> {
  let value: unknown;
  try {
    const response = await fetchJson(catalogUrl);
    if (!response.ok) return { ok: false, problem: `the catalog could not be loaded (HTTP ${response.status})` };
    value = await response.json();
  } catch (error) {
    return { ok: false, problem: `the catalog could not be loaded (${String(error)})` };
  }
  const parsed = ModelCatalogSchema.safeParse(value);
  if (!parsed.success)
    return { ok: false, problem: `the catalog is not in the expected format (${parsed.error.issues[0]?.message})` };
  return {
    ok: true,
    entries: parsed.data.manifests.map((entry) => ({
      title: entry.title,
      about: entry.about,
      bytes: entry.bytes,
      manifestUrl: new URL(entry.manifest, catalogUrl).href,
    })),
  };
}
