/**
 * The chat model's load state for the status bar and the composer label: loads the
 * model once and keeps its `ModelInfo` (the probe agent reports `demo: true`).
 */
import { createSignal, type Accessor } from 'solid-js';
import type { ModelAdapter, ModelInfo, ModelRef } from '../../core/agent/model';
import { codeOf } from './journal-health';
import type { ErrorCode } from '../../core/errors';

export type ModelPhase = 'loading' | 'ready' | 'failed';

export interface ModelStatus {
  phase: Accessor<ModelPhase>;
  info: Accessor<ModelInfo | undefined>;
  error: Accessor<ErrorCode | undefined>;
  /** Resolves when loading ends (either way). */
  ready: Promise<void>;
}

export function createModelStatus(model: ModelAdapter, ref: ModelRef): ModelStatus {
  const [phase, setPhase] = createSignal<ModelPhase>('loading');
  const [info, setInfo] = createSignal<ModelInfo>();
  const [error, setError] = createSignal<ErrorCode>();
  const ready = model.load(ref).then(
    (loaded) => {
      setInfo(loaded);
      setPhase('ready');
    },
    (cause: unknown) => {
      setError(codeOf(cause) === 'internal' ? 'model-failed' : codeOf(cause));
      setPhase('failed');
    },
  );
  return { phase, info, error, ready };
}
