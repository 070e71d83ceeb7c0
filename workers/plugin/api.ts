/**
 * The plugin worker's contract (Comlink): one worker runs one plugin call and is then
 * terminated. The page sends the compiled module (cached per sha256), the call's input,
 * the pre-opened files and the limits; the worker instantiates it with only the WASI
 * preview 1 imports, the capped `env.memory` and (for `net:http`) `arw.http_get`, whose
 * requests it hands to the page's `bridge` and waits for on a SharedArrayBuffer.
 */

/** The sandbox's error variants (reference B.1): the words come after `<Variant>: `. */
export const PLUGIN_ERRORS = ['Unsupported', 'Runtime', 'Interrupted', 'Denied'] as const;
export type PluginErrorVariant = (typeof PLUGIN_ERRORS)[number];

/** One file of the pre-opened `/project` directory: a relative `/`-separated path and its bytes. */
export interface PluginFile {
  path: string;
  data: Uint8Array;
}

export interface PluginRunRequest {
  module: WebAssembly.Module;
  /** `namespace.name`, argv[0]. */
  toolId: string;
  /** The call's params as JSON: argv[1] and the whole of stdin. */
  input: string;
  /** The files of `/project`, or null when no fs capability was granted (then nothing is pre-opened). */
  files: PluginFile[] | null;
  /** True when fs:write was granted: the worker returns the files the plugin changed or created. */
  writable: boolean;
  /** Pages (64 KiB) of the host's memory: initial ≥ the module's minimum, maximum = the cap. */
  memory: { initial: number; maximum: number };
  /** Stdout beyond this is cut (and said so). */
  outputBytes: number;
  /** True when the manifest declares net:http: only then is arw.http_get importable. */
  net: boolean;
}

export interface PluginRunResult {
  exitCode: number;
  stdout: Uint8Array;
  /** Bytes of stdout dropped past `outputBytes`. */
  stdoutDropped: number;
  /** Stderr as text, bounded (STDERR_MAX_BYTES). */
  stderr: string;
  /** fs:write: the files whose bytes differ from what was pre-opened (new ones too). */
  changed?: PluginFile[];
  /** Set when the plugin could not run or trapped; exitCode is then -1. */
  failure?: { variant: PluginErrorVariant; message: string };
  /** Memory pages when it ended (the bench and the OOM words read it). */
  memoryPages: number;
}

/** What the page answers to one arw.http_get: a status and body, or a negative ABI code and why. */
export interface HttpBridge {
  /** Fills `reply` (see http-abi.ts) and notifies it; the worker is blocked waiting on it. */
  httpGet(url: string, reply: SharedArrayBuffer): void | Promise<void>;
}

export interface PluginWorkerApi {
  run(request: PluginRunRequest, bridge: HttpBridge): Promise<PluginRunResult>;
}

export const STDERR_MAX_BYTES = 4096;
