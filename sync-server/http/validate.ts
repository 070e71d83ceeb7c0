/** zod parsing at the HTTP boundary: failures become 400 problems naming each field. */
import type { z } from 'zod';
import { AppError } from '../../core/errors/app-error';

/** Parses `value` with `schema`, or throws AppError `invalid-request` (400) with `details.errors: [{ path, message }]`. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AppError('invalid-request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    details: { errors },
  });
}
