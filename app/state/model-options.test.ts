import { describe, expect, it } from 'vitest';
import { modelAvailability, type DeviceFacts, type ModelOption } from '../../core/inference/capabilities';
import { groupOptions, optionText } from './model-options';

const facts: DeviceFacts = {
  secureContext: true,
  crossOriginIsolated: true,
  online: true,
  webgpu: { state: 'no-adapter' },
  deviceMemoryGb: 8,
  servers: 1,
};
const option = (id: string, label = id, needs?: ModelOption['needs']): ModelOption => ({
  id,
  label,
  backend: 'x',
  demo: false,
  ...(needs ? { needs } : {}),
});

describe('model picker groups', () => {
  it('groups by backend in picker order, with each unavailable reason once', () => {
    const options = [
      option('probe'),
      option('webllm:a', 'a'),
      option('openai:m', 'm · host'),
      option('arw-tiny-char', 'tiny'),
      option('webllm:b', 'b'),
    ];
    const groups = groupOptions(options, (o) => modelAvailability(o.id, o.needs ?? {}, facts));
    expect(groups.map((g) => [g.label, g.entries.map((e) => e.option.id)])).toEqual([
      ['On this device (ONNX)', ['arw-tiny-char']],
      ['web-llm (WebGPU)', ['webllm:a', 'webllm:b']],
      ['Servers on your network', ['openai:m']],
      ['Probe', ['probe']],
    ]);
    expect(groups[1]!.unavailable).toEqual([{ reason: 'unavailable: this browser has no WebGPU here', count: 2 }]);
    expect(groups[0]!.unavailable).toEqual([]);
    expect(optionText(groups[1]!.entries[0]!)).toBe('a — unavailable: this browser has no WebGPU here');
    expect(optionText(groups[0]!.entries[0]!)).toBe('tiny');
  });
  it('without capability detection every option is available', () => {
    expect(groupOptions([option('webllm:a')])[0]!.entries[0]!.availability.available).toBe(true);
  });
});
