/**
 * One plugin tool call on the page: the ingress gate, the module (cached, sha256-checked),
 * the memory cap, the fs grants through the decision point (then the granted files
 * pre-opened), the run in its worker with the net:http bridge (each host through the
 * decision point), the write-back of changed files (each path through it again), the
 * egress gate, and the output. Every refusal is a PluginError whose words start with its variant.
 */
import type { Authorize } from '../../core/agent/tool-step';
import type { GatingPolicy } from '../../core/gating';
import type { ModeSetting } from '../../core/policy/types';
import { netScopeOf, pathScope } from '../../core/policy/scope';
import type { ToolContext } from '../../core/tools/types';
import { PLUGIN_LIMITS, type PluginSpec } from '../../spec/recipe-schema';
import type { PluginFile, PluginRunResult } from '../../workers/plugin/api';
import { HTTP_BAD_URL, HTTP_DENIED, HTTP_NETWORK_ERROR, type HttpReply } from '../../core/plugins/http-abi';
import type { ProjectFolder } from '../tools/files';
import type { ModuleCache } from './module-cache';
import { PluginError, type DeniedDestination } from './plugin-error';
import type { PluginRunner } from './plugin-runner';
import { preloadFiles } from './project-files';

export interface PluginHostDeps {
  cache: ModuleCache;
  runner: PluginRunner;
  authorize: Authorize;
  folder: ProjectFolder;
  gating: Pick<GatingPolicy, 'deniedBy'>;
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** `crossOriginIsolated` of the page: net:http needs it (SharedArrayBuffer). */
  isolated(): boolean;
  /** Writes one text file of the project folder (files.write's executor). */
  writeFile(path: string, content: string, context: ToolContext): Promise<unknown>;
}

/** The plugin tool as the recipe declares it, and who calls it. */
export interface PluginBinding {
  id: string;
  plugin: PluginSpec;
  subject: string;
  mode?: ModeSetting;
}

/** What a plugin call returns to the agent: its stdout (JSON when it parses), stderr and notes. */
export interface PluginOutput {
  stdout: unknown;
  stderr?: string;
  stdout_truncated?: string;
  written?: string[];
}

const limitsOf = (plugin: PluginSpec) => ({
  time_ms: plugin.limits?.time_ms ?? PLUGIN_LIMITS.time_ms.default,
  memory_pages: plugin.limits?.memory_pages ?? PLUGIN_LIMITS.memory_pages.default,
  output_bytes: plugin.limits?.output_bytes ?? PLUGIN_LIMITS.output_bytes.default,
});

const pathsOf = (params: unknown): string[] | undefined => {
  const paths = (params as { paths?: unknown } | null)?.paths;
  return Array.isArray(paths) && paths.every((p) => typeof p === 'string') ? paths : undefined;
};

function gate(gating: PluginHostDeps['gating'], key: string) {
  const pattern = gating.deniedBy(key);
  if (pattern !== undefined) throw new PluginError('Denied', `the gating key ${key} is denied (pattern ${pattern})`);
}

function destinationOf(url: string): DeniedDestination {
  try {
    const parsed = new URL(url);
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
    return { dest_host: parsed.hostname, dest_port: port, protocol: parsed.protocol.replace(/:$/, '') };
  } catch {
    return {};
  }
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** stdout as JSON when it parses, else the text. */
function outputOf(result: PluginRunResult, limit: number, written: string[]): PluginOutput {
  const text = decode(result.stdout);
  let stdout: unknown = text;
  if (result.stdoutDropped === 0 && text.trim() !== '') {
    try {
      stdout = JSON.parse(text);
    } catch {
      stdout = text;
    }
  }
  return {
    stdout,
    ...(result.stderr ? { stderr: result.stderr } : {}),
    ...(result.stdoutDropped > 0
      ? { stdout_truncated: `stdout was cut at ${limit} bytes; ${result.stdoutDropped} more bytes were dropped` }
      : {}),
    ...(written.length ? { written } : {}),
  };
}

/** The executor of one plugin tool. */
export function createPluginExecutor(deps: PluginHostDeps, binding: PluginBinding) {
  const { id, plugin } = binding;
  const limits = limitsOf(plugin);
  const permission = (capability: string) => plugin.permissions.find((p) => p.capability === capability);
  const net = permission('net:http') !== undefined;

  return async (params: unknown, context: ToolContext): Promise<PluginOutput> => {
    // The toolbox's signal only has addEventListener; the decision point's prompt wants a DOM AbortSignal.
    const controller = new AbortController();
    if (context.signal?.aborted) controller.abort();
    else context.signal?.addEventListener('abort', () => controller.abort());
    const signal = controller.signal;
    const ask = async (capability: string, scope: string, reason?: string) =>
      deps.authorize(
        {
          capability,
          scope,
          subject: binding.subject,
          tool: id,
          ...(binding.mode === undefined ? {} : { mode: binding.mode }),
          ...(context.corrId === undefined ? {} : { corrId: context.corrId }),
          ...(context.projectId === undefined ? {} : { projectId: context.projectId }),
          ...(reason ? { reason } : {}),
        },
        signal,
      );

    gate(deps.gating, `io:ingress:tools.${id}`);
    const compiled = await deps.cache.load(plugin.module, plugin.sha256);
    if (compiled.memory === undefined)
      throw new PluginError(
        'Unsupported',
        'the plugin defines its own memory; it must import env.memory so the host can cap it (AssemblyScript: --importMemory)',
      );
    if (compiled.memory.minimum > limits.memory_pages)
      throw new PluginError(
        'Runtime',
        `the plugin needs ${compiled.memory.minimum} memory pages to start; its cap is ${limits.memory_pages}`,
      );
    if (net && !deps.isolated())
      throw new PluginError(
        'Unsupported',
        'net:http from a plugin needs a cross-origin isolated page (COOP/COEP headers), and this page is not',
      );

    // fs: one decision per declared capability over its declared scope; ungranted means no /project at all.
    let files: PluginFile[] | null = null;
    let writable = false;
    for (const capability of ['fs:read', 'fs:write'] as const) {
      const declared = permission(capability);
      if (declared === undefined) continue;
      const scope = declared.scope ?? 'path://**';
      const verdict = await ask(capability, scope, declared.reason);
      if (!verdict.allowed) throw new PluginError('Denied', `${capability} on ${scope} was refused: ${verdict.reason}`);
      if (context.projectId === undefined)
        throw new PluginError('Runtime', `${id} works on a project's files, and this conversation has none`);
      if (capability === 'fs:read')
        files = await preloadFiles(await deps.folder(context.projectId), scope, pathsOf(params));
      else writable = true;
    }
    if (writable && files === null) files = [];

    let denied: { reason: string; destination: DeniedDestination } | undefined;
    const http = async (url: string, cap: number): Promise<HttpReply> => {
      const scope = /^https?:\/\//i.test(url) ? netScopeOf(url) : undefined;
      if (scope === undefined) return { code: HTTP_BAD_URL };
      const verdict = await ask('net:http', scope, permission('net:http')?.reason);
      if (!verdict.allowed) {
        denied = { reason: verdict.reason, destination: destinationOf(url) };
        return { code: HTTP_DENIED };
      }
      try {
        const response = await deps.fetch(url);
        const body = new Uint8Array(await response.arrayBuffer()).subarray(0, cap);
        return { status: response.status, body };
      } catch {
        return { code: HTTP_NETWORK_ERROR };
      }
    };

    const memory = {
      initial: Math.max(1, compiled.memory.minimum),
      maximum: Math.min(limits.memory_pages, compiled.memory.maximum ?? limits.memory_pages),
    };
    const result = await deps.runner(
      {
        module: compiled.module,
        toolId: id,
        input: JSON.stringify(params ?? {}),
        files,
        writable,
        memory,
        outputBytes: limits.output_bytes,
        net,
      },
      { timeMs: limits.time_ms, http, signal },
    );
    const stderr = result.stderr ? `; stderr: ${result.stderr.trim()}` : '';
    if (result.failure) throw new PluginError(result.failure.variant, `${result.failure.message}${stderr}`);
    if (result.exitCode !== 0) {
      if (denied) throw new PluginError('Denied', `net:http was refused: ${denied.reason}`, denied.destination);
      throw new PluginError('Runtime', `the plugin exited with code ${result.exitCode}${stderr}`);
    }

    const written: string[] = [];
    for (const file of result.changed ?? []) {
      const verdict = await ask('fs:write', pathScope(file.path), permission('fs:write')?.reason);
      if (!verdict.allowed) throw new PluginError('Denied', `writing ${file.path} was refused: ${verdict.reason}`);
      await deps.writeFile(file.path, decode(file.data), context);
      written.push(file.path);
    }
    gate(deps.gating, `io:egress:tools.${id}`);
    return outputOf(result, limits.output_bytes, written);
  };
}
