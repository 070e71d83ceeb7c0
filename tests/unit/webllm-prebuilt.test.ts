/** The app's copy of web-llm's prebuilt catalog matches the installed @mlc-ai/web-llm (run `npm run spec:gen` when it does not). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import webllmPackage from '@mlc-ai/web-llm/package.json' with { type: 'json' };
import { renderWebLlmPrebuilt, WEBLLM_PREBUILT_PATH } from '../../scripts/webllm-prebuilt';
import { WEBLLM_PREBUILT } from '../../app/generated/webllm-prebuilt';
import { PREBUILT_LIST_LIMIT } from '../../workers/webllm/webllm-api';

describe('generated web-llm catalog', () => {
  it('is what spec:gen writes from the installed web-llm', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../..', WEBLLM_PREBUILT_PATH), 'utf8');
    expect(committed).toBe(renderWebLlmPrebuilt(prebuiltAppConfig.model_list, webllmPackage.version));
  });

  it('lists the same first models the web-llm worker offers, with their VRAM needs', () => {
    const first = prebuiltAppConfig.model_list.slice(0, PREBUILT_LIST_LIMIT);
    expect(WEBLLM_PREBUILT.map((entry) => entry.id)).toEqual(first.map((record) => record.model_id));
    expect(WEBLLM_PREBUILT[0]!.vramRequiredMB).toBe(first[0]!.vram_required_MB);
    expect(WEBLLM_PREBUILT.every((entry) => entry.cached === undefined)).toBe(true);
  });
});
