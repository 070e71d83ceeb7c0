/**
 * The vault file's manifest (SPEC §8): `manifest.json`, the last entry of an `.arwvault`
 * zip. It names every other part with its SHA-256 and size (over the bytes stored in the
 * zip after inflating, i.e. the ciphertext when encrypted), the format version, and the
 * KDF parameters when the parts are encrypted. Readers check `format` before anything
 * else, so a newer file is refused by its number, not by a schema error.
 */
import { z } from 'zod';

/** The format this code writes and the newest it reads. */
export const VAULT_FORMAT = 1;

/** The journal part: one event envelope per line, in the journal's order. */
export const VAULT_JOURNAL_PART = 'journal.ndjson';
export const VAULT_MANIFEST_PART = 'manifest.json';
export const VAULT_SETTINGS_PART = 'settings.json';
export const VAULT_MODELS_PART = 'models.json';
/** Prefix of the one part per Yjs document (`yjs/<encodeURIComponent(docName)>.bin`). */
export const VAULT_YJS_PREFIX = 'yjs/';

/** What the journal part already holds, so no separate part duplicates it. */
export const VAULT_IN_JOURNAL = ['recipes', 'leases', 'policies', 'conversations'] as const;

const Base64Schema = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const VaultPartSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(512)
    .refine((name) => !name.startsWith('/') && !name.split('/').includes('..'), 'a relative name without ..'),
  /** Lower-case hex SHA-256 of the stored bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  bytes: z.number().int().nonnegative(),
  /** Sealed in AES-256-GCM frames under the manifest's KDF key. */
  encrypted: z.boolean().optional(),
  /** Items in the part (events in the journal), for progress; informative only. */
  items: z.number().int().nonnegative().optional(),
});
export type VaultPart = z.infer<typeof VaultPartSchema>;

export const VaultKdfSchema = z.strictObject({
  name: z.literal('argon2id'),
  salt: Base64Schema,
  /** Memory in KiB (64 MiB = 65536); bounded so a crafted file cannot exhaust memory. */
  m: z
    .number()
    .int()
    .min(8)
    .max(1024 * 1024),
  t: z.number().int().min(1).max(64),
  p: z.number().int().min(1).max(16),
});
export type VaultKdf = z.infer<typeof VaultKdfSchema>;

export const VaultManifestSchema = z.strictObject({
  format: z.literal(VAULT_FORMAT),
  app_version: z.string().max(100),
  /** ISO-8601 time of the export. */
  created: z.string().max(40),
  parts: z.array(VaultPartSchema).max(100_000),
  kdf: VaultKdfSchema.optional(),
  /** What the journal part holds instead of separate parts (recipes, leases, policies…). */
  in_journal: z.array(z.string()).optional(),
});
export type VaultManifest = z.infer<typeof VaultManifestSchema>;
