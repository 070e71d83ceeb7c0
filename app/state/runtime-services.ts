/**
 * Puts the runtime pieces together for the composition root: the governor over the
 * worker's pool client, the pool view for Settings, and pool events journaled (and the
 * view refreshed) as they happen. The profile is sent before anything else is asked of
 * the worker, so the first model loads with it (Comlink keeps call order).
 */
import type { MakeEvent } from '../../core/journal/event-factory';
import type { EventEnvelope } from '../../spec';
import type { RuntimePoolClient } from '../worker-clients/runtime-client';
import { createRuntimeGovernor, type BatteryLike, type BatterySource, type RuntimeGovernor } from './runtime-profile';
import { createRuntimePoolView, poolEventToJournal, type RuntimePoolView } from './runtime-pool';

export interface RuntimeServices {
  governor: RuntimeGovernor;
  pool: RuntimePoolView;
}

/** `navigator.getBattery` where the browser has it (Chromium), else nothing. */
export function browserBattery(navigator: Navigator): BatterySource {
  const getBattery = (navigator as Navigator & { getBattery?: () => Promise<BatteryLike> }).getBattery;
  return async () => (typeof getBattery === 'function' ? getBattery.call(navigator) : undefined);
}

export function createRuntimeServices(deps: {
  client: RuntimePoolClient;
  append(event: EventEnvelope): Promise<unknown>;
  make: MakeEvent;
  store?: Pick<Storage, 'getItem' | 'setItem'>;
  battery?: BatterySource;
}): RuntimeServices {
  const { client, append, make } = deps;
  const governor = createRuntimeGovernor({
    applyProfile: (profile) => client.setProfile(profile),
    append,
    make,
    store: deps.store,
    battery: deps.battery,
  });
  const pool = createRuntimePoolView(client);
  void governor.start().catch(() => undefined);
  void client
    .watch((event) => {
      const entry = poolEventToJournal(event, make);
      if (entry) void append(entry).catch(() => undefined);
      void pool.refresh();
    })
    .catch(() => undefined);
  return { governor, pool };
}
