/** The runtime profiles: their parameters are ordered as promised, the parser names the field and the accepted values, budgets follow device memory. */
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import {
  ASSUMED_DEVICE_MEMORY_GB,
  DEFAULT_RUNTIME_PROFILE,
  memoryBudgetBytes,
  parseRuntimeProfileName,
  RUNTIME_PROFILES,
  runtimeProfile,
} from './runtime-profiles';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

describe('runtime profiles', () => {
  it('balanced is the default and every named profile has parameters', () => {
    expect(DEFAULT_RUNTIME_PROFILE).toBe('balanced');
    for (const name of RUNTIME_PROFILES) expect(runtimeProfile(name).name).toBe(name);
  });

  it('performance allows more than balanced, balanced more than power-saver', () => {
    const [performance, balanced, saver] = RUNTIME_PROFILES.map(runtimeProfile);
    for (const field of [
      'maxWarmEngines',
      'maxConcurrentPerEngine',
      'contextChars',
      'defaultMaxTokens',
      'wasmThreads',
      'memoryFraction',
    ] as const) {
      expect(performance![field], field).toBeGreaterThan(balanced![field]);
      expect(balanced![field], field).toBeGreaterThan(saver![field] as number);
    }
    // Power saver batches more tokens per tokens.out event and keeps the GPU idle.
    expect(saver!.tokenBatch.maxTokens).toBeGreaterThan(balanced!.tokenBatch.maxTokens);
    expect([performance!.preferWebGpu, balanced!.preferWebGpu, saver!.preferWebGpu]).toEqual([true, true, false]);
    expect(saver!.wasmThreads).toBe(1);
  });

  it('parses the three names and rejects anything else naming the field and the accepted values', () => {
    for (const name of RUNTIME_PROFILES) expect(parseRuntimeProfileName(name)).toBe(name);
    for (const bad of ['turbo', 'Balanced', '', undefined, 3]) {
      let thrown: unknown;
      try {
        parseRuntimeProfileName(bad, 'settings.profile');
      } catch (error) {
        thrown = error;
      }
      expect(isAppError(thrown)).toBe(true);
      expect(thrown).toMatchObject({
        code: 'invalid-request',
        details: { field: 'settings.profile', accepted: [...RUNTIME_PROFILES] },
      });
      expect((thrown as Error).message).toMatch(
        /^settings\.profile: got .*; accepted values are performance, balanced, power-saver$/,
      );
    }
  });

  it('the memory budget is a share of device memory, clamped, with an assumed size when unknown', () => {
    const balanced = runtimeProfile('balanced');
    expect(memoryBudgetBytes(balanced, 8)).toBe(GIB);
    expect(memoryBudgetBytes(balanced, undefined)).toBe(ASSUMED_DEVICE_MEMORY_GB * GIB * balanced.memoryFraction);
    expect(memoryBudgetBytes(balanced, 0.25)).toBe(balanced.minBudgetBytes);
    expect(memoryBudgetBytes(runtimeProfile('power-saver'), 8)).toBe(512 * MIB);
    expect(memoryBudgetBytes(runtimeProfile('performance'), 1024)).toBe(runtimeProfile('performance').maxBudgetBytes);
    expect(memoryBudgetBytes(balanced, Number.NaN)).toBe(memoryBudgetBytes(balanced, undefined));
  });
});
