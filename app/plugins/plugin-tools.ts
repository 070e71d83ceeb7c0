/**
 * Where recipe plugin tools join the toolbox: each `tools[]` entry with a `plugin` block
 * becomes a tool definition (its id, a loose params object, no up-front need: the host asks
 * the decision point for each capability while the call runs) with the sandbox executor,
 * and a recipe's toolbox is the built-in one with its plugins laid over it.
 */
import { z } from 'zod';
import type { Toolbox } from '../../core/tools/toolbox';
import { createToolbox, toolEntry, type ToolEntry } from '../../core/tools/toolbox';
import type { ToolDefinition } from '../../core/tools/types';
import type { RecipeManifest } from '../../spec/recipe';
import { PLUGIN_LIMITS } from '../../spec/recipe-schema';
import { createPluginExecutor, type PluginHostDeps } from './plugin-call';

/** Params every plugin takes: `paths` (files of /project to give it, optional); the rest is passed through. */
export const PluginParamsSchema = z.looseObject({
  paths: z.array(z.string().min(1).max(1024)).max(256).optional(),
});

/**
 * Time the toolbox allows beyond the plugin's own limit: the host may wait for the person
 * to answer a prompt (fs, net) before and during the run, and the sandbox's Interrupted
 * error must come first.
 */
const PROMPT_ALLOWANCE_MS = 300_000;

type PluginTool = RecipeManifest['tools'][number] & { plugin: NonNullable<RecipeManifest['tools'][number]['plugin']> };

const isPlugin = (tool: RecipeManifest['tools'][number]): tool is PluginTool => tool.plugin !== undefined;

export function pluginDefinition(tool: PluginTool): ToolDefinition {
  const caps = tool.plugin.permissions.map((p) => p.capability);
  const limit = tool.plugin.limits?.time_ms ?? PLUGIN_LIMITS.time_ms.default;
  return {
    name: tool.id,
    description:
      `WebAssembly plugin ${tool.id}@${tool.version ?? '0.0.0'}` +
      (caps.length ? ` (uses ${caps.join(', ')})` : '') +
      '. Takes a JSON object; `paths` names the project files to give it. Returns its stdout.',
    params: PluginParamsSchema,
    capability: caps[0] ?? null,
    needs: () => null,
    timeoutMs: () => limit + PROMPT_ALLOWANCE_MS,
  };
}

/** The plugin entries of `manifest`, for `subject` (`recipe:<id>`). */
export function pluginEntries(
  manifest: Pick<RecipeManifest, 'tools'>,
  subject: string,
  host: PluginHostDeps,
): ToolEntry[] {
  return manifest.tools.filter(isPlugin).map((tool) =>
    toolEntry(
      pluginDefinition(tool),
      createPluginExecutor(host, {
        id: tool.id,
        plugin: tool.plugin,
        subject,
        ...(tool.mode ? { mode: tool.mode } : {}),
      }),
    ),
  );
}

/** `base` with the tools of `layer()` over it (the layer is read on every call, so it follows the active recipe). */
export function layeredToolbox(base: Toolbox, layer: () => Toolbox | undefined): Toolbox {
  const pick = (name: string): Toolbox => {
    const top = layer();
    return top?.definition(name) ? top : base;
  };
  return {
    names: () => [...new Set([...base.names(), ...(layer()?.names() ?? [])])],
    definition: (name) => pick(name).definition(name),
    specs: (names) => (names ?? layeredToolbox(base, layer).names()).flatMap((name) => pick(name).specs([name])),
    parse: (name, args) => pick(name).parse(name, args),
    needs: (name, params) => pick(name).needs(name, params),
    run: (name, params, context) => pick(name).run(name, params, context),
    call: (name, params, context) => pick(name).call(name, params, context),
    callParsed: (name, params, context) => pick(name).callParsed(name, params, context),
  };
}

/** One plugin toolbox per installed recipe version, built on first use. */
export function createRecipePlugins(host: PluginHostDeps) {
  const built = new Map<string, Toolbox | undefined>();
  return (manifest: RecipeManifest, subject: string): Toolbox | undefined => {
    const key = `${subject}@${manifest.version}#${JSON.stringify(manifest.tools)}`;
    if (!built.has(key)) {
      const entries = pluginEntries(manifest, subject, host);
      built.set(key, entries.length ? createToolbox(entries) : undefined);
    }
    return built.get(key);
  };
}
