/**
 * The "what would this decide" tester's sample call: the fields the person fills in
 * (prefilled from the built-in tools) and the permission request they make, the same
 * shape a real tool call sends to the decision point. Pure.
 */
import { BUILTIN_TOOLS } from '../../core/tools/builtin';
import type { PermissionMode, PermissionRequest, ToolManifest } from '../../core/policy/types';

export interface SampleCall {
  tool: string;
  capability: string;
  /** Empty for a call without a scope. */
  scope: string;
  /** `recipe:<id>`, `agent:chat`… */
  subject: string;
  /** Empty for personal (no project). */
  project: string;
  mode: PermissionMode;
}

/** A scope a call of each built-in tool typically asks for, to start from. */
const SAMPLE_SCOPES: Readonly<Record<string, string>> = {
  'http.fetch': 'net://example.com',
  'notes.read': 'project://read',
  'notes.append': 'project://write',
  'journal.search': 'project://read',
  'files.list': 'path://notes',
  'files.read': 'path://notes/todo.md',
  'files.write': 'path://notes/todo.md',
};

/** A tool the tester offers: its name and the capability and scope a call of it starts with. */
export interface SampleTool {
  name: string;
  capability: string;
  scope: string;
}

/** The built-in tools that need a permission (the others are never asked about). */
export const SAMPLE_TOOLS: readonly SampleTool[] = BUILTIN_TOOLS.filter((tool) => tool.capability !== null).map(
  (tool) => ({ name: tool.name, capability: tool.capability!, scope: SAMPLE_SCOPES[tool.name] ?? '' }),
);

/**
 * Recipe plugin tools as samples, with the first permission each declares; a scope
 * pattern (`net://*`) becomes a built-in tool's sample scope of that capability.
 */
export function pluginSampleTools(manifests: readonly ToolManifest[]): SampleTool[] {
  return manifests.flatMap((tool) => {
    const first = tool.permissions[0];
    if (!first || SAMPLE_TOOLS.some((known) => known.name === tool.id)) return [];
    const pattern = first.scope ?? '';
    const scope = pattern.includes('*')
      ? (SAMPLE_TOOLS.find((known) => known.capability === first.capability)?.scope ?? '')
      : pattern;
    return [{ name: tool.id, capability: first.capability, scope }];
  });
}

export const SAMPLE_MODES: readonly PermissionMode[] = ['ask', 'allow', 'never'];

/** The first sample: a chat agent fetching a page, in the current project. */
export function defaultSample(project: string | undefined): SampleCall {
  const tool = SAMPLE_TOOLS.find((candidate) => candidate.name === 'http.fetch') ?? SAMPLE_TOOLS[0]!;
  return {
    tool: tool.name,
    capability: tool.capability,
    scope: tool.scope,
    subject: 'agent:chat',
    project: project ?? '',
    mode: 'ask',
  };
}

/** Choosing another tool brings its capability and sample scope along; the rest stays. */
export function withTool(sample: SampleCall, name: string, tools: readonly SampleTool[] = SAMPLE_TOOLS): SampleCall {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) return { ...sample, tool: name };
  return { ...sample, tool: name, capability: tool.capability, scope: tool.scope };
}

/** The request the decision point would get for this sample. */
export function sampleRequest(sample: SampleCall): PermissionRequest {
  const scope = sample.scope.trim();
  const project = sample.project.trim();
  return {
    tool: sample.tool,
    capability: sample.capability,
    subject: sample.subject.trim() || 'agent:chat',
    mode: sample.mode,
    ...(scope ? { scope } : {}),
    ...(project ? { projectId: project } : {}),
  };
}
