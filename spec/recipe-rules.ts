/**
 * The manifest rules that span fields (unique tools, steps, capabilities and tags;
 * a step takes a tool or a prompt and names a declared tool; placeholders name earlier
 * steps; prompts or workflow present) and the placeholder grammar core's template
 * filler shares. Written over `unknown` so they also run on a manifest that failed its shape.
 */
import { normalizeCapability } from './capabilities';
import { PLUGIN_TOOL_ID_PATTERN, STEP_ID_PATTERN } from './recipe-schema';

export type PathPart = string | number;
export interface RuleIssue {
  path: PathPart[];
  message: string;
}

/** `{{ expression }}`; compile with the `g` flag where it is used (a shared global regex keeps state). */
export const PLACEHOLDER_SOURCE = String.raw`\{\{\s*([^{}]*?)\s*\}\}`;

export type Placeholder = { root: 'input'; path: string[] } | { root: 'steps'; step: string; path: string[] };

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** `input`, `input.a.b`, `steps.<id>`, `steps.<id>.a.0.b`; anything else is `null`. */
export function parsePlaceholder(expression: string): Placeholder | null {
  const parts = expression.split('.');
  if (!parts.every((part) => SEGMENT.test(part))) return null;
  const [root, ...rest] = parts;
  if (root === 'input') return { root: 'input', path: rest };
  if (root === 'steps' && rest.length > 0 && STEP_ID_PATTERN.test(rest[0]!))
    return { root: 'steps', step: rest[0]!, path: rest.slice(1) };
  return null;
}

/** The expressions of every placeholder in `text`, in order. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(new RegExp(PLACEHOLDER_SOURCE, 'g'))].map((match) => match[1]!);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const listOf = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.map((item) => (isRecord(item) ? item : {})) : [];
const quoted = (value: string) => JSON.stringify(value);

/** The first placeholder in `text` that the scope (the launch input, these earlier steps) cannot fill. */
function badPlaceholder(text: string, earlier: readonly string[] | null): string | undefined {
  for (const expression of placeholdersIn(text)) {
    const placeholder = parsePlaceholder(expression);
    if (placeholder === null)
      return `{{${expression}}} is not a placeholder; use {{input}} or {{steps.<step id>.<field>}}`;
    if (placeholder.root === 'steps' && earlier === null) return `{{${expression}}}: only {{input}} is known here`;
    if (placeholder.root === 'steps' && earlier !== null && !earlier.includes(placeholder.step))
      return `{{${expression}}} names no earlier step (${
        earlier.length ? `the steps before this one are ${earlier.join(', ')}` : 'this is the first step'
      })`;
  }
  return undefined;
}

function checkTemplates(value: unknown, path: PathPart[], earlier: readonly string[], out: RuleIssue[], depth = 0) {
  if (typeof value === 'string') {
    const message = badPlaceholder(value, earlier);
    if (message) out.push({ path, message });
  } else if (depth < 16 && (Array.isArray(value) || isRecord(value))) {
    for (const [key, item] of Object.entries(value))
      checkTemplates(item, [...path, Array.isArray(value) ? Number(key) : key], earlier, out, depth + 1);
  }
}

/** Reports the second and later items whose key (by `keyOf`) was seen before. */
function duplicates(
  items: readonly unknown[],
  field: string,
  keyOf: (item: unknown) => unknown,
  out: RuleIssue[],
  suffix: PathPart[] = [],
) {
  const seen = new Map<unknown, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (typeof key !== 'string') return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else
      out.push({
        path: [field, index, ...suffix],
        message: `${quoted(key)} is listed twice (first at ${field}[${first}])`,
      });
  });
}

export function recipeRuleIssues(input: unknown): RuleIssue[] {
  if (!isRecord(input)) return [];
  const out: RuleIssue[] = [];
  if (input.prompts === undefined && input.workflow === undefined)
    out.push({
      path: ['prompts'],
      message: 'a recipe needs prompts (to run with a model), a workflow (fixed steps, no model needed), or both',
    });
  const tools = listOf(input.tools);
  duplicates(tools, 'tools', (tool) => (tool as Record<string, unknown>).id, out, ['id']);
  const toolIds = new Set(tools.map((tool) => tool.id));
  tools.forEach((tool, index) => {
    if (tool.plugin === undefined) return;
    if (typeof tool.id === 'string' && !PLUGIN_TOOL_ID_PATTERN.test(tool.id))
      out.push({
        path: ['tools', index, 'id'],
        message: `a plugin tool's id is namespace.name, like text.word-count (got ${quoted(tool.id)})`,
      });
    if (tool.version === undefined)
      out.push({ path: ['tools', index, 'version'], message: 'a plugin tool needs a version, like 1.0.0' });
  });
  const steps = listOf(input.workflow);
  duplicates(steps, 'workflow', (step) => (step as Record<string, unknown>).id, out, ['id']);
  steps.forEach((step, index) => {
    const at = ['workflow', index];
    const earlier = steps.slice(0, index).map((s) => String(s.id));
    if (step.tool !== undefined && step.prompt !== undefined)
      out.push({ path: at, message: 'a step takes exactly one of tool or prompt; this one has both' });
    else if (step.tool === undefined && step.prompt === undefined)
      out.push({ path: at, message: 'a step takes exactly one of tool or prompt; this one has neither' });
    else if (typeof step.tool === 'string' && !toolIds.has(step.tool))
      out.push({
        path: [...at, 'tool'],
        message: `${quoted(step.tool)} is not declared under tools; add it there (with its mode) first`,
      });
    if (step.prompt !== undefined && step.params !== undefined)
      out.push({ path: [...at, 'params'], message: 'only a tool step takes params; a prompt step has none' });
    if (typeof step.prompt === 'string') checkTemplates(step.prompt, [...at, 'prompt'], earlier, out);
    if (step.params !== undefined) checkTemplates(step.params, [...at, 'params'], earlier, out);
  });
  const prompts = isRecord(input.prompts) ? input.prompts : {};
  if (typeof prompts.user_template === 'string') {
    const message = badPlaceholder(prompts.user_template, null);
    if (message) out.push({ path: ['prompts', 'user_template'], message });
  }
  if (Array.isArray(input.capabilities))
    duplicates(
      input.capabilities,
      'capabilities',
      (key) => (typeof key === 'string' ? normalizeCapability(key) : key),
      out,
    );
  if (Array.isArray(input.tags)) duplicates(input.tags, 'tags', (tag) => tag, out);
  return out;
}
