/**
 * The inference worker's entry: builds the adapter registry with real timers and
 * exposes the api through Comlink. Nothing else lives here (the api is in
 * inference-api.ts, tested without a worker). New backends are added to the list.
 */
import * as Comlink from 'comlink';
import { createProbeBackend } from './adapters';
import { createInferenceApi } from './inference-api';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const clock = { now: () => Date.now() };

Comlink.expose(createInferenceApi([createProbeBackend({ sleep, clock })]));
