/**
 * Which warm engines to unload (issue 5 item 3): least recently used idle ones first,
 * while the pool holds more engines than its cap or more bytes than its budget. Pure: the
 * engine pool passes its engines in and does the unloading; nothing here loads or times.
 * An engine that is generating or has work queued is never chosen, and neither is the
 * most recently used one (even alone over budget: the budget limits what else stays warm).
 */

export type EvictionReason = 'memory-budget' | 'engine-limit';

/** What the policy needs to know about one warm (or loading) engine. */
export interface EvictionCandidate {
  key: string;
  bytes: number;
  /** Larger is more recent; distinct per engine (a use counter, not a clock reading that can tie). */
  lastUse: number;
  /** Ready, with nothing running and nothing queued: only such an engine may go. */
  idle: boolean;
}

export interface EvictionLimits {
  maxEngines: number;
  budgetBytes: number;
}

export interface Eviction {
  key: string;
  reason: EvictionReason;
}

/**
 * The engines to unload, in order, each with the limit it was over when chosen: the cap
 * is checked before the budget, and both again after every pick, so one pick for the cap
 * can be followed by picks for the budget. Stops when within limits or nothing may go.
 */
export function chooseEvictions(engines: readonly EvictionCandidate[], limits: EvictionLimits): Eviction[] {
  if (engines.length === 0) return [];
  const newest = engines.reduce((a, b) => (b.lastUse > a.lastUse ? b : a));
  const victims = engines.filter((engine) => engine !== newest && engine.idle).sort((a, b) => a.lastUse - b.lastUse);
  let count = engines.length;
  let bytes = engines.reduce((sum, engine) => sum + engine.bytes, 0);
  const chosen: Eviction[] = [];
  for (const victim of victims) {
    const reason = overLimit(count, bytes, limits);
    if (reason === undefined) break;
    chosen.push({ key: victim.key, reason });
    count -= 1;
    bytes -= victim.bytes;
  }
  return chosen;
}

function overLimit(count: number, bytes: number, limits: EvictionLimits): EvictionReason | undefined {
  if (count > limits.maxEngines) return 'engine-limit';
  if (bytes > limits.budgetBytes) return 'memory-budget';
  return undefined;
}
