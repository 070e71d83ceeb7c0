/** The catalogue is closed: every code another module puts on a wire is one of its codes. */
import { expect, expectTypeOf, test } from 'vitest';
import type { z } from 'zod';
import { RejectSchema } from '../../spec/sync-protocol';
import { ERROR_MESSAGES, type ErrorCode } from './catalog';
import { isErrorCode } from './thrown';

test('every sync reject code (spec/sync-protocol.ts RejectSchema) is catalogued', () => {
  expectTypeOf<z.infer<typeof RejectSchema>['code']>().toExtend<ErrorCode>();
  for (const code of RejectSchema.shape.code.options) expect(isErrorCode(code), code).toBe(true);
});

test('codes are kebab slugs and every sentence is plain words ending as a sentence', () => {
  for (const [code, sentence] of Object.entries(ERROR_MESSAGES)) {
    expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(sentence, code).toMatch(/^[A-Z`a-z].*[.?)]$/s);
  }
});
