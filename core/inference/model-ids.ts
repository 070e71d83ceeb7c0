/**
 * Model id prefixes, one per backend family, so one id says where a model runs:
 * `webllm:<prebuilt id>` runs in the web-llm worker, `openai:<model>` on an
 * OpenAI-compatible server, `probe` is the rule-based agent, anything else is an ONNX
 * model of the inference worker (e.g. the shipped `arw-tiny-char`).
 */

/** Ids of web-llm models in the app's picker: `webllm:` + web-llm's own model id. */
export const WEBLLM_ID_PREFIX = 'webllm:';
/** Ids of models on OpenAI-compatible servers (the same prefix the worker backend uses). */
export const OPENAI_ID_PREFIX = 'openai:';
export const PROBE_ID = 'probe';

export const BACKEND_KINDS = ['onnx', 'web-llm', 'openai-http', 'probe'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** The backend family a model id belongs to. */
export function backendKindOf(id: string): BackendKind {
  if (id.startsWith(WEBLLM_ID_PREFIX)) return 'web-llm';
  if (id.startsWith(OPENAI_ID_PREFIX)) return 'openai-http';
  if (id === PROBE_ID) return 'probe';
  return 'onnx';
}

/** The group headings of the model picker, in display order. */
export const BACKEND_LABELS: Readonly<Record<BackendKind, string>> = {
  onnx: 'On this device (ONNX)',
  'web-llm': 'web-llm (WebGPU)',
  'openai-http': 'Servers on your network',
  probe: 'Probe',
};
