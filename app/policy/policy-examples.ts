/**
 * Policies to start from in the editor: the shipped examples (core's SHIPPED_POLICIES,
 * switched off by default) and "only this project's files", whose project id is filled
 * in when it is inserted. Pure; each one validates against the generated schema
 * (policy-examples.test.ts).
 */
import { SHIPPED_POLICIES } from '../../core/policy/cedar/policy-set';

export interface PolicyExample {
  id: string;
  name: string;
  /** Cedar source; `PROJECT_ID` stands for the project chosen when it is inserted. */
  text: string;
}

const PROJECT_PLACEHOLDER = /PROJECT_ID/g;

const PROJECT_FILES: PolicyExample = {
  id: 'project-files-only',
  name: 'Only this project’s files',
  text: `// Only this project's files: fs:read and fs:write are refused for any call made
// outside the project "PROJECT_ID" (a personal chat, another project).
forbid(principal, action in [Action::"fs:read", Action::"fs:write"], resource)
unless { context.project == "PROJECT_ID" };`,
};

export const POLICY_EXAMPLES: readonly PolicyExample[] = [
  ...SHIPPED_POLICIES.filter((policy) => policy.id.startsWith('example-')).map((policy) => ({
    id: policy.id,
    name: policy.name.replace(/^Example:\s*/, ''),
    text: policy.text,
  })),
  PROJECT_FILES,
];

/** The example's text as inserted: the chosen project's id in place of `PROJECT_ID` (`my-project` when none). */
export function exampleText(example: PolicyExample, projectId: string | undefined): string {
  return example.text.replace(PROJECT_PLACEHOLDER, projectId || 'my-project');
}
