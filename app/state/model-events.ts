/**
 * What the journal records about models, decided in one place: per chat model load a
 * `models.changed` `loaded` (after an `unloaded` when Chat left a web-llm model for the
 * inference worker, since the router unloads it; the inference worker's pool journals its
 * own unloads) and a `runtime.health` for that model; per model-store change or download
 * step, its event. Builds events only; the caller writes them.
 */
import type { ModelInfo } from '../../core/agent/model';
import { WEBLLM_ID_PREFIX } from '../../core/inference/model-ids';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { EventEnvelope } from '../../spec';
import type { DownloadProgress } from '../../workers/inference/api';
import type { ModelChange } from '../worker-clients/model-store-client';

export interface ModelEvents {
  /** The events for a finished chat model load; `fellBack` says why this is not the chosen model. */
  loaded(info: ModelInfo, fellBack: string | undefined): EventEnvelope[];
  /** A model file downloaded, canceled, discarded, evicted or deleted. */
  storeChanged(change: ModelChange): EventEnvelope;
  downloadProgress(progress: DownloadProgress): EventEnvelope;
}

const isWebLlm = (id: string) => id.startsWith(WEBLLM_ID_PREFIX);

/** `models.changed` statuses are short words: a long worker message is clipped. */
const STATUS_MAX = 200;

export function createModelEvents(make: MakeEvent): ModelEvents {
  let chatModelId: string | undefined;
  return {
    loaded(info, fellBack) {
      const left = chatModelId;
      chatModelId = info.id;
      const unloaded =
        left !== undefined && left !== info.id && isWebLlm(left) && !isWebLlm(info.id)
          ? [make('models.changed', { op: 'unloaded', id: left })]
          : [];
      return [
        ...unloaded,
        make('models.changed', { op: 'loaded', id: info.id }),
        make('runtime.health', {
          component: `inference:${info.id}`,
          state: fellBack ? 'degraded' : 'ok',
          detail: fellBack ? `fell back to ${info.id}: ${fellBack}` : info.backend,
        }),
      ];
    },
    storeChanged: (change) =>
      make(
        'models.changed',
        { op: change.op, id: change.id },
        change.error
          ? { code: change.error.code, status: change.error.message.slice(0, STATUS_MAX), severity: 'error' }
          : {},
      ),
    downloadProgress: (progress) => make('models.download.progress', progress),
  };
}
