import { describe, expect, it } from 'vitest';
import { backendAvailability, deviceReport, modelAvailability, type DeviceFacts } from './capabilities';
import { backendKindOf } from './model-ids';

const GOOD: DeviceFacts = {
  secureContext: true,
  crossOriginIsolated: true,
  online: true,
  webgpu: { state: 'adapter' },
  deviceMemoryGb: 8,
  servers: 1,
};
const facts = (patch: Partial<DeviceFacts>): DeviceFacts => ({ ...GOOD, ...patch });

describe('model ids', () => {
  it('the prefix names the backend family', () => {
    expect(backendKindOf('webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC')).toBe('web-llm');
    expect(backendKindOf('openai:qwen2.5')).toBe('openai-http');
    expect(backendKindOf('probe')).toBe('probe');
    expect(backendKindOf('arw-tiny-char')).toBe('onnx');
  });
});

describe('capability detection', () => {
  it('a capable, online device can run every backend', () => {
    expect(deviceReport(GOOD).map((r) => [r.kind, r.available])).toEqual([
      ['onnx', true],
      ['web-llm', true],
      ['openai-http', true],
      ['probe', true],
    ]);
  });

  it('navigator.gpu missing: web-llm unavailable "no WebGPU", the tiny model runs on WASM', () => {
    const f = facts({ webgpu: { state: 'missing' } });
    expect(backendAvailability('web-llm', f)).toEqual({
      available: false,
      reason: 'unavailable: no WebGPU in this browser (navigator.gpu is missing)',
    });
    expect(backendAvailability('onnx', f)).toMatchObject({
      available: true,
      reason: expect.stringMatching(/^WASM only \(no WebGPU in this browser/),
    });
  });

  it('no adapter: web-llm unavailable, and every web-llm model says so', () => {
    const f = facts({ webgpu: { state: 'no-adapter' } });
    expect(backendAvailability('web-llm', f).reason).toBe('unavailable: this browser has no WebGPU here');
    expect(modelAvailability('webllm:x', { memoryMB: 100, cached: true }, f)).toEqual(
      backendAvailability('web-llm', f),
    );
  });

  it('while WebGPU is being probed, web-llm is not offered yet', () => {
    expect(backendAvailability('web-llm', facts({ webgpu: { state: 'unknown' } }))).toEqual({
      available: false,
      reason: 'unavailable: checking for WebGPU…',
    });
  });

  it('not a secure context: no WebGPU and no OPFS, whatever the browser reports', () => {
    const f = facts({ secureContext: false });
    expect(backendAvailability('web-llm', f).reason).toMatch(/^unavailable: no WebGPU: not a secure context/);
    expect(backendAvailability('onnx', f)).toMatchObject({
      available: true,
      reason: expect.stringContaining('no OPFS outside a secure context'),
    });
  });

  it('offline: servers unavailable; web-llm models only when already cached', () => {
    const f = facts({ online: false });
    expect(backendAvailability('openai-http', f)).toEqual({
      available: false,
      reason: 'unavailable: offline (servers on your network need a network connection)',
    });
    expect(modelAvailability('openai:llama3', {}, f).available).toBe(false);
    expect(modelAvailability('webllm:a', { cached: false }, f)).toEqual({
      available: false,
      reason: 'unavailable: offline, and this model is not downloaded yet',
    });
    expect(modelAvailability('webllm:a', {}, f).available).toBe(false);
    expect(modelAvailability('webllm:a', { cached: true }, f)).toEqual({
      available: true,
      reason: 'offline: only models already downloaded can load',
    });
    expect(modelAvailability('arw-tiny-char', {}, f).available).toBe(true);
    expect(modelAvailability('probe', {}, f).available).toBe(true);
  });

  it('not enough memory: a model needing more than navigator.deviceMemory is unavailable; unknown memory is not held against it', () => {
    const f = facts({ deviceMemoryGb: 4 });
    expect(modelAvailability('webllm:big', { memoryMB: 5001 }, f)).toEqual({
      available: false,
      reason: 'unavailable: not enough memory (this device reports 4 GB; the model needs about 4.9 GB)',
    });
    expect(modelAvailability('webllm:small', { memoryMB: 900 }, f).available).toBe(true);
    expect(modelAvailability('webllm:big', { memoryMB: 5001 }, facts({ deviceMemoryGb: undefined })).available).toBe(
      true,
    );
  });

  it('no server added: the servers backend says where to add one; a listed server model is not blocked by it', () => {
    const f = facts({ servers: 0 });
    expect(backendAvailability('openai-http', f)).toEqual({
      available: false,
      reason: 'unavailable: no server added yet (Settings → Model servers)',
    });
    expect(modelAvailability('openai:llama3', {}, f).available).toBe(true);
  });

  it('the onnx line says how threads are chosen', () => {
    expect(backendAvailability('onnx', GOOD).reason).toContain('multi-threaded (cross-origin isolated)');
    expect(backendAvailability('onnx', facts({ crossOriginIsolated: false })).reason).toContain(
      'single-threaded (not cross-origin isolated)',
    );
    expect(backendAvailability('onnx', facts({ webgpu: { state: 'adapter', fallback: true } })).reason).toMatch(
      /^WebGPU \(software fallback adapter\), or WASM/,
    );
  });
});
