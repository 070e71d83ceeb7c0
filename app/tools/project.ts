/**
 * What the project tools share: the project a call runs for, from its context. A call
 * without one is refused in words the model can pass on, never run against another project.
 */
import type { ToolContext } from '../../core/tools/types';

/** The call's project id; throws when the conversation has none. */
export function projectOf(tool: string, context: ToolContext): string {
  const project = context.projectId;
  if (project === undefined || project === '') {
    throw new Error(`${tool} works on a project, and this conversation has none; open it from a project`);
  }
  return project;
}
