/** The vault worker's entry: the API with the worker's random source, exposed through Comlink with boundary errors. */
import * as Comlink from 'comlink';
import { withBoundaryErrors } from '../inference/boundary-error';
import type { VaultWorkerApi } from './api';
import { createVaultApi } from './vault-api';

const api: VaultWorkerApi = createVaultApi((n) => crypto.getRandomValues(new Uint8Array(n)));

Comlink.expose(withBoundaryErrors(api));
