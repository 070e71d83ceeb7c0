/**
 * One `ModelAdapter` over the two inference workers, so the chat loop and the model
 * status keep driving a single adapter: ids prefixed `webllm:` (WEBLLM_ID_PREFIX) go to
 * the web-llm client with the prefix removed, every other id (ONNX, `openai:`, probe)
 * to the inference worker client. After a switch between the two workers the other
 * side's active model is unloaded (the inference worker's pool may keep other warm
 * engines within its profile's budget). Generation (and its abort signal) goes to the side
 * that loaded last.
 */
import type { LoadProgress, ModelAdapter, ModelInfo, ModelRef, ModelStats } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import type { ModelOption } from '../../core/inference/capabilities';
import { WEBLLM_ID_PREFIX } from '../../core/inference/model-ids';
import type { WebLlmCatalogEntry } from '../../workers/webllm/api';
import type { WebLlmClient } from './webllm-client';

export type { ModelOption };

export interface InferenceSide extends ModelAdapter {
  list(): Promise<ModelInfo[]>;
}

export type WebLlmSide = Pick<WebLlmClient, 'load' | 'cancelLoad' | 'generate' | 'unload' | 'stats' | 'catalog'>;

type Side = 'inference' | 'webllm';

export interface ModelRouter extends ModelAdapter {
  /**
   * The inference worker's models; with `withWebLlm`, also web-llm's prebuilt ones:
   * from its worker (which knows which are cached) when `webllmWorker` is set, else
   * from the app's generated copy of the catalog, without starting that worker.
   */
  list(options?: { withWebLlm?: boolean; webllmWorker?: boolean }): Promise<ModelOption[]>;
  /** Stops a web-llm load in progress (it rejects with `webllm-load-canceled`). */
  cancelLoad(): Promise<void>;
  /** Whether loading `id` can be canceled (web-llm loads can; the inference worker's are short). */
  canCancel(id: string): boolean;
  /** The side holding the loaded model, if any. */
  active(): Side | undefined;
}

export const WEBLLM_BACKEND_LABEL = 'web-llm (WebGPU)';

const sideOf = (id: string): Side => (id.startsWith(WEBLLM_ID_PREFIX) ? 'webllm' : 'inference');

const gb = (mb: number) => `${(mb / 1024).toFixed(1)} GB`;

export function createModelRouter(deps: {
  inference: InferenceSide;
  webllm: WebLlmSide;
  prebuilt?: readonly WebLlmCatalogEntry[];
}): ModelRouter {
  let active: Side | undefined;

  const loadOn = async (side: Side, model: ModelRef, onProgress?: (p: LoadProgress) => void): Promise<ModelInfo> => {
    if (side === 'inference') return deps.inference.load(model, onProgress ? { onProgress } : undefined);
    const loaded = await deps.webllm.load(
      { id: model.id.slice(WEBLLM_ID_PREFIX.length) },
      onProgress ? { onProgress } : {},
    );
    return { ...loaded, id: model.id };
  };

  const current = () => {
    if (!active) throw new AppError('model-not-loaded', 'no model is loaded');
    return active === 'webllm' ? deps.webllm : deps.inference;
  };

  return {
    async list(options = {}) {
      const base: ModelOption[] = await deps.inference.list();
      if (!options.withWebLlm) return base;
      // Failures are reported by the web-llm client itself (runtime.health); the rest still lists.
      const entries =
        options.webllmWorker || !deps.prebuilt ? await deps.webllm.catalog().catch(() => []) : deps.prebuilt;
      const webllm = entries.map((entry): ModelOption => ({
        id: `${WEBLLM_ID_PREFIX}${entry.id}`,
        label: entry.vramRequiredMB === undefined ? entry.id : `${entry.id} (needs about ${gb(entry.vramRequiredMB)})`,
        backend: WEBLLM_BACKEND_LABEL,
        demo: false,
        needs: {
          ...(entry.vramRequiredMB === undefined ? {} : { memoryMB: entry.vramRequiredMB }),
          ...(entry.cached === undefined ? {} : { cached: entry.cached }),
        },
      }));
      return [...base, ...webllm];
    },

    async load(model, options) {
      const side = sideOf(model.id);
      const info = await loadOn(side, model, options?.onProgress);
      const previous = active;
      active = side;
      // Free the other engine only once the new one is ready, so a failed load keeps the old one.
      if (previous && previous !== side)
        void (previous === 'webllm' ? deps.webllm : deps.inference).unload().catch(() => undefined);
      return info;
    },

    generate: async (messages, params, onToken) => current().generate(messages, params, onToken),

    async embed(texts) {
      if (active === 'webllm')
        throw new AppError(
          'model-embed-unsupported',
          'web-llm models do not offer embeddings here; pick an ONNX or server model',
        );
      return deps.inference.embed(texts);
    },

    async unload() {
      const side = active;
      active = undefined;
      if (side) await (side === 'webllm' ? deps.webllm : deps.inference).unload();
    },

    stats: (): Promise<ModelStats> => (active === 'webllm' ? deps.webllm.stats() : deps.inference.stats()),

    cancelLoad: () => deps.webllm.cancelLoad(),
    canCancel: (id) => sideOf(id) === 'webllm',
    active: () => active,
  };
}
