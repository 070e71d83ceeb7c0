/**
 * The app side of the inference worker's engine pool and runtime profiles: forwards
 * calls over Comlink, turns boundary rejections back into AppErrors, and passes pool
 * events (loads, evictions, reloads) to a listener through one Comlink proxy.
 */
import * as Comlink from 'comlink';
import type { InferencePoolApi, PoolEvent, PoolState, RuntimeProfileName } from '../../workers/inference/api';
import { acrossBoundary } from './boundary';

export type { PoolEvent, PoolState, RuntimeProfileName };

export interface RuntimePoolClient {
  setProfile(profile: RuntimeProfileName): Promise<PoolState>;
  state(): Promise<PoolState>;
  /** Unloads one warm engine by its pool key. */
  unload(key: string): Promise<boolean>;
  /** Registers `listener` for every pool event (once per listener). */
  watch(listener: (event: PoolEvent) => void): Promise<void>;
}

export function createRuntimePoolClient(remote: Comlink.Remote<InferencePoolApi>): RuntimePoolClient {
  return {
    setProfile: (profile) => acrossBoundary(() => remote.setProfile(profile)),
    state: () => acrossBoundary(() => remote.poolState()),
    unload: (key) => acrossBoundary(() => remote.unloadEngine(key)),
    watch: (listener) => acrossBoundary(() => remote.watchPool(Comlink.proxy(listener))),
  };
}
