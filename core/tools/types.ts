/**
 * A tool, declared once (SPEC §7): its name, zod params, description, and the permission
 * a call needs, derived from the call's arguments. Executors live where the tool runs
 * (page, worker, server) and are joined to the definitions by name in a toolbox.
 */
import type { z } from 'zod';
import type { PermissionNeed, ToolPermission } from '../policy/types';

export interface ToolDefinition<P = unknown> {
  /** `<namespace>.<name>`, e.g. `http.fetch`. */
  readonly name: string;
  /** One or two sentences for the model and for people. */
  readonly description: string;
  readonly params: z.ZodType<P>;
  /** The capability every call of this tool needs (`null` for tools that need none), for install checks. */
  readonly capability: string | null;
  /** Its permission manifest: everything its calls may touch (issue 14; the Cedar `Tool` entity). */
  readonly permissions?: readonly ToolPermission[];
  /** The capability and scope this call needs; `null` when the tool needs no permission. */
  needs(params: P): PermissionNeed | null;
  /** This call's time limit when it is not the toolbox's (http.fetch: its own timeout_ms plus a margin). */
  timeoutMs?(params: P): number;
}

/** What an executor may use: the project and episode it runs for, an abort signal, the clock. */
export interface ToolContext {
  projectId?: string;
  corrId?: string;
  signal?: { readonly aborted: boolean; addEventListener(type: 'abort', listener: () => void): void };
}

export type ToolExecutor<P = unknown> = (params: P, context: ToolContext) => Promise<unknown> | unknown;

/** The JSON form sent to OpenAI-compatible servers in `tools`. */
export interface ToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}
