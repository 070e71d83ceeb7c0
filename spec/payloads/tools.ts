/** Tool calls (SPEC E3): invoked → ran | error, tied together by `call_id`. */
import { z } from 'zod';

const toolId = z.string().min(1).max(128);
const callId = z.string().min(1).max(128);

export const ToolInvokedSchema = z.looseObject({
  tool: toolId,
  call_id: callId,
  input: z.unknown().optional(),
});

export const ToolRanSchema = z.looseObject({
  tool: toolId,
  call_id: callId,
  output: z.unknown().optional(),
  duration_ms: z.number().min(0),
});

export const ToolErrorSchema = z.looseObject({
  tool: toolId,
  call_id: callId,
  message: z.string().min(1).max(10_000),
  duration_ms: z.number().min(0).optional(),
});
