/**
 * One onnxruntime-web session on the chosen provider, recreated on WASM when WebGPU
 * fails (device lost, out of memory) without reloading anything but the session. The
 * session factory is injected so tests can make WebGPU fail on purpose.
 */
import type * as Ort from 'onnxruntime-web';
import { messageOf } from '../../core/errors';
import { chooseRuntime, wasmChoice, type RuntimeChoice, type RuntimeEnvironment } from './onnx-runtime-choice';

/** The slice of an ort InferenceSession the adapter uses. */
export interface SessionLike {
  run(
    feeds: Record<string, Ort.Tensor>,
    fetches: string[],
  ): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
  release(): Promise<void>;
}

export type CreateSession = (bytes: Uint8Array, choice: RuntimeChoice) => Promise<SessionLike>;

/** What happened when the runtime changed (for `runtime.health`). */
export interface RuntimeHealthReport {
  state: 'ok' | 'degraded';
  provider: RuntimeChoice['provider'];
  reason: string;
}

/** A session factory that also tells with how many threads the WASM runtime started. */
export type OrtSessionFactory = CreateSession & { startedThreads(): number | undefined };

/** The default factory over the real onnxruntime-web module. */
export function ortSessionFactory(ort: typeof Ort): OrtSessionFactory {
  let started: number | undefined;
  const create: CreateSession = async (bytes, choice) => {
    // Threads are fixed when the WASM module starts: the first session decides, later ones run on them.
    if (started === undefined) {
      ort.env.wasm.numThreads = choice.threads;
      started = choice.threads;
    }
    return ort.InferenceSession.create(bytes, {
      executionProviders: [choice.provider],
      graphOptimizationLevel: 'all',
      // Idle pool threads must sleep, not spin: on a 2-core device spinning starves the UI thread.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    }) as unknown as Promise<SessionLike>;
  };
  return Object.assign(create, { startedThreads: () => started });
}

export interface ManagedSession {
  readonly choice: () => RuntimeChoice;
  /** Runs the graph; on a WebGPU failure switches to WASM and retries once. */
  run(
    feeds: Record<string, Ort.Tensor>,
    fetches: string[],
  ): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
  release(): Promise<void>;
}

/**
 * Opens a session for `bytes` on the best provider for `env`; a WebGPU session that
 * cannot be created falls back to WASM at once (with the reason kept).
 */
export async function openManagedSession(
  bytes: Uint8Array,
  env: RuntimeEnvironment,
  create: CreateSession,
  onHealth: (report: RuntimeHealthReport) => void = () => undefined,
): Promise<ManagedSession> {
  let choice = await chooseRuntime(env);
  let session: SessionLike;
  const toWasm = async (why: string) => {
    choice = wasmChoice(env, why);
    session = await create(bytes, choice);
  };
  try {
    session = await create(bytes, choice);
  } catch (error) {
    if (choice.provider !== 'webgpu') throw error;
    await toWasm(`the WebGPU session could not be created (${messageOf(error)})`);
    onHealth({ state: 'degraded', provider: 'wasm', reason: choice.reason });
  }
  return {
    choice: () => choice,
    async run(feeds, fetches) {
      try {
        return await session.run(feeds, fetches);
      } catch (error) {
        if (choice.provider !== 'webgpu') throw error;
        const failed = session;
        await toWasm(`WebGPU failed while generating (${messageOf(error)}), switched to WASM`);
        onHealth({ state: 'degraded', provider: 'wasm', reason: choice.reason });
        void failed.release().catch(() => undefined);
        return session.run(feeds, fetches);
      }
    },
    release: () => session.release(),
  };
}
