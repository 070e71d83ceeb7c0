/**
 * The plugin sandbox's page side, built once by the agents' wiring: a module cache
 * (fetch, sha256 check, compile once per hash), a worker per call, the page's gating keys,
 * and the recipe toolboxes with their plugin tools.
 */
import type { Authorize } from '../../core/agent/tool-step';
import { createGatingPolicy, type GatingPolicy } from '../../core/gating';
import { createFilesWrite, type ProjectFolder } from '../tools/files';
import { createModuleCache, webCryptoSha256, type ModuleCache } from './module-cache';
import { createPluginRunner, type PluginRunner } from './plugin-runner';
import { createRecipePlugins, layeredToolbox } from './plugin-tools';

export { layeredToolbox } from './plugin-tools';
export { PluginError } from './plugin-error';

export interface PluginSandboxDeps {
  fetch(url: string, init?: RequestInit): Promise<Response>;
  authorize: Authorize;
  folder: ProjectFolder;
  /** The page's deny-only gating keys (io:ingress:tools.<id>, io:egress:tools.<id>); default none denied. */
  gating?: GatingPolicy;
  runner?: PluginRunner;
  isolated?(): boolean;
}

export interface PluginSandbox {
  cache: ModuleCache;
  gating: GatingPolicy;
  /** The plugin tools of a recipe for `subject`, or undefined when it has none. */
  forRecipe: ReturnType<typeof createRecipePlugins>;
  layeredToolbox: typeof layeredToolbox;
}

export function createPluginSandbox(deps: PluginSandboxDeps): PluginSandbox {
  const cache = createModuleCache({ fetch: (url) => deps.fetch(url), sha256: webCryptoSha256 });
  const gating = deps.gating ?? createGatingPolicy();
  const write = createFilesWrite(deps.folder);
  const forRecipe = createRecipePlugins({
    cache,
    runner: deps.runner ?? createPluginRunner(),
    authorize: deps.authorize,
    folder: deps.folder,
    gating,
    fetch: deps.fetch,
    isolated: deps.isolated ?? (() => globalThis.crossOriginIsolated === true),
    writeFile: (path, content, context) => Promise.resolve(write({ path, content }, context)),
  });
  return { cache, gating, forRecipe, layeredToolbox };
}
