/**
 * The three runtime profiles (issue 5, item 3; reference B.4) and what each one sets:
 * how much memory warm engines may hold, how many engines and concurrent generations,
 * how much of a conversation reaches the model, how long replies are by default, how
 * tokens are batched into `tokens.out`, and which onnxruntime-web provider and thread
 * count are preferred. Pure: the device's memory is passed in, never read here.
 */
import { RUNTIME_PROFILES } from '../../spec/payloads/runtime';
import { AppError } from '../errors';

export { RUNTIME_PROFILES };
export type RuntimeProfileName = (typeof RUNTIME_PROFILES)[number];

export const DEFAULT_RUNTIME_PROFILE: RuntimeProfileName = 'balanced';

/** What a profile sets; every number is a cap the engine pool or the app enforces. */
export interface RuntimeProfile {
  name: RuntimeProfileName;
  label: string;
  /** One line for Settings: what choosing it does. */
  summary: string;
  /**
   * Memory budget for warm (loaded, idle) engines as a share of the device's memory
   * (`navigator.deviceMemory`, GiB), clamped to `[minBudgetBytes, maxBudgetBytes]`.
   */
  memoryFraction: number;
  minBudgetBytes: number;
  maxBudgetBytes: number;
  /** Engines kept loaded at once (least recently used ones are unloaded first). */
  maxWarmEngines: number;
  /** Generations one engine runs at the same time; more wait in a FIFO queue. */
  maxConcurrentPerEngine: number;
  /** Characters of the conversation handed to the model (newest kept, system prompt first). */
  contextChars: number;
  /** Reply length in tokens when the caller gives none. */
  defaultMaxTokens: number;
  /** Tokens per `tokens.out` event, and the longest a token waits for its batch. */
  tokenBatch: { maxTokens: number; maxDelayMs: number };
  /** Upper bound on onnxruntime-web's WASM threads (threads also need cross-origin isolation). */
  wasmThreads: number;
  /** False keeps onnxruntime-web on WASM even when a WebGPU adapter exists. */
  preferWebGpu: boolean;
}

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * Browsers that do not expose `navigator.deviceMemory` (Firefox, Safari) get this;
 * Chromium reports at most 8 (GiB) and rounds down, so 4 is a middle, not a guess high.
 */
export const ASSUMED_DEVICE_MEMORY_GB = 4;

export const RUNTIME_PROFILE_TABLE: Readonly<Record<RuntimeProfileName, RuntimeProfile>> = {
  performance: {
    name: 'performance',
    label: 'Performance',
    summary:
      'Up to 4 models warm in a quarter of device memory, 4 chats at once per model, WebGPU or up to 8 WASM threads, long context and replies.',
    memoryFraction: 0.25,
    minBudgetBytes: 256 * MIB,
    maxBudgetBytes: 4 * GIB,
    maxWarmEngines: 4,
    maxConcurrentPerEngine: 4,
    contextChars: 16_000,
    defaultMaxTokens: 80,
    // Smaller batches: the reply and the sidecar update more often (more journal writes).
    tokenBatch: { maxTokens: 4, maxDelayMs: 30 },
    wasmThreads: 8,
    preferWebGpu: true,
  },
  balanced: {
    name: 'balanced',
    label: 'Balanced',
    summary:
      'Up to 2 models warm in an eighth of device memory, 2 chats at once per model, WebGPU or up to 4 WASM threads.',
    memoryFraction: 0.125,
    minBudgetBytes: 128 * MIB,
    maxBudgetBytes: 2 * GIB,
    maxWarmEngines: 2,
    maxConcurrentPerEngine: 2,
    contextChars: 8_000,
    // The tiny model's own default before profiles existed: balanced changes nothing.
    defaultMaxTokens: 40,
    tokenBatch: { maxTokens: 8, maxDelayMs: 50 },
    // onnxruntime-web's own default cap: balanced runs as the app did before profiles.
    wasmThreads: 4,
    preferWebGpu: true,
  },
  'power-saver': {
    name: 'power-saver',
    label: 'Power saver',
    summary:
      'One model warm, one chat at a time, WASM on 1 thread (the GPU stays idle), short context and replies, fewer journal writes.',
    memoryFraction: 1 / 16,
    minBudgetBytes: 64 * MIB,
    maxBudgetBytes: 512 * MIB,
    maxWarmEngines: 1,
    maxConcurrentPerEngine: 1,
    contextChars: 2_000,
    defaultMaxTokens: 24,
    // Fewer, larger tokens.out events: fewer IndexedDB writes and UI wake-ups per reply.
    tokenBatch: { maxTokens: 16, maxDelayMs: 120 },
    // Waking a GPU (a discrete one especially) and several busy cores costs more power
    // than small models save by running faster; one WASM thread leaves the other cores asleep.
    wasmThreads: 1,
    preferWebGpu: false,
  },
};

/** The profile's parameters. */
export function runtimeProfile(name: RuntimeProfileName): RuntimeProfile {
  return RUNTIME_PROFILE_TABLE[name];
}

export function isRuntimeProfileName(value: unknown): value is RuntimeProfileName {
  return typeof value === 'string' && (RUNTIME_PROFILES as readonly string[]).includes(value);
}

/**
 * Parses a profile name from outside (a worker message, local storage, a console call);
 * anything else is an `invalid-request` naming `field` and the accepted values.
 */
export function parseRuntimeProfileName(value: unknown, field = 'profile'): RuntimeProfileName {
  if (isRuntimeProfileName(value)) return value;
  const shown = typeof value === 'string' ? `'${value}'` : value === undefined ? 'nothing' : `a ${typeof value}`;
  throw new AppError('invalid-request', `${field}: got ${shown}; accepted values are ${RUNTIME_PROFILES.join(', ')}`, {
    details: { field, accepted: [...RUNTIME_PROFILES], received: typeof value === 'string' ? value : typeof value },
  });
}

/**
 * The warm-engine memory budget in bytes for `profile` on a device with
 * `deviceMemoryGb` GiB (`navigator.deviceMemory`; unknown → `ASSUMED_DEVICE_MEMORY_GB`).
 */
export function memoryBudgetBytes(profile: RuntimeProfile, deviceMemoryGb: number | undefined): number {
  const gb =
    deviceMemoryGb !== undefined && Number.isFinite(deviceMemoryGb) && deviceMemoryGb > 0
      ? deviceMemoryGb
      : ASSUMED_DEVICE_MEMORY_GB;
  const share = Math.floor(gb * GIB * profile.memoryFraction);
  return Math.min(profile.maxBudgetBytes, Math.max(profile.minBudgetBytes, share));
}
