/**
 * The closed catalog of error codes (kebab slugs) and the sentences people read for
 * them. Every AppError carries one of these codes; UI copy comes only from here.
 */

export const ERROR_MESSAGES = {
  'event-invalid': 'An event did not match the contract and was not recorded.',
  'journal-quota-exceeded':
    'The device is out of storage for this app. The journal is read-only until space is freed; nothing already recorded was lost.',
  'journal-read-only': 'The journal is read-only because storage ran out earlier. Free some space and reload.',
  'journal-closed':
    'The journal was closed because a newer version of the app opened it in another tab. Reload this tab.',
  'journal-unavailable': 'The journal could not be opened (IndexedDB is unavailable, e.g. in a private window).',
  'journal-upgrade-failed':
    'The journal could not be upgraded to this version of the app. The upgrade was undone: everything recorded before is still there, unchanged.',
  'journal-query-invalid': 'A journal query had a bad parameter; the message names it.',
  'journal-write-failed': 'The journal could not write the events; nothing of the batch was recorded.',
  'model-not-loaded': 'No model is loaded.',
  'model-aborted': 'Generation was stopped.',
  'model-failed': 'The model failed while generating.',
  'model-unknown': 'That model is not known to any installed adapter.',
  'tool-failed': 'A tool the agent called failed; the agent reported it and went on.',
  'tool-call-invalid':
    'The model called a tool it was not given, or with arguments that do not fit the tool; it was told what was wrong.',
  'step-limit':
    'The agent stopped at its step limit (model turns per episode) before it answered; raise the recipe’s step_limit or ask for less at once.',
  'workflow-step-failed':
    'A step of the recipe’s workflow failed, so the steps after it did not run; the message names the step.',
  'workflow-step-denied':
    'A step of the recipe’s workflow was not allowed to run, so the steps after it did not run; the message names the step and why.',
  'workflow-needs-model': 'This workflow step asks a model, and the recipe was run without one.',
  'agent-busy': 'An episode is already running in this chat. Stop it or wait for it to finish.',
  'sync-bad-message': 'The sync connection received a message it does not understand and was closed.',
  'sync-protocol-unsupported': 'This app and the sync server speak different protocol versions: update the app.',
  'sync-project-forbidden': 'This device may not sync that project; ask the server admin for a token that includes it.',
  'sync-push-forbidden': 'This device may read but not send events to the sync server.',
  'sync-store-failed': 'The sync server could not store the events; they will be sent again.',
  'protocol-too-old': 'This app is too old for the sync server’s protocol: update the app.',
  'protocol-too-new':
    'This app speaks a newer sync protocol than the server: update the server, or update the app from this server.',
  'bad-hello': 'The sync server could not read this app’s hello (its first message): update the app.',
  'sync-unreachable':
    'Could not reach the server (it may be down or unreachable); retrying. A refused token is reported as such.',
  'sync-connection-lost': 'The connection to the server was lost; reconnecting.',
  'sync-token-refused': 'The server refused the sync token: ask for a new one and pair again.',
  'sync-message-too-large': 'The server refused a message as too large.',
  'sync-reply-unreadable':
    'The server sent a message this app does not understand: the server or the app may need an update.',
  'sync-address-invalid': 'The server address cannot be used.',
  'sync-ingest-failed': 'Could not store events from the server on this device.',
  'sync-events-invalid': 'Events from the server were not valid here and were skipped.',
  'sync-events-refused': 'The server refused events from this device and did not store them; the first one is named.',
  'sync-outbox-unreadable': 'Could not read local events to send.',
  'sync-token-refused-stopped':
    'The server refused this device’s sync token, so syncing stopped (it is not an outage): ask the server admin for a new token, then unpair and pair again.',
  'pair-token-refused':
    'The server refused this token, so nothing was saved: check that you pasted all of it, or ask the server admin for a new one.',
  'pair-project-not-covered':
    'This token does not cover every project you listed, so nothing was saved or shared: list only the projects it covers, or ask the server admin for a token that includes them.',
  'pair-token-scope-missing':
    'The server knows this token, but it may not read events (scope events:read), or a gating key denies it, so nothing was saved.',
  'pair-server-unreachable':
    'The server did not answer, so nothing was saved: check the address and that the server is running (a server on another origin must list this app in ARW_ALLOWED_ORIGINS).',
  'pair-not-arw-server':
    'That address answers, but not as an ARW sync server, so nothing was saved: check the address and the port.',
  'pair-rate-limited': 'The server is limiting requests from this device, so nothing was saved: try again shortly.',
  'not-found': 'Nothing is there: the address is unknown to the server.',
  unauthorized: 'The server needs a valid token for this: none was sent, or it is unknown, revoked or expired.',
  forbidden: 'The token is valid but lacks the scope or project this needs.',
  gated: 'This operation is switched off on the server by a gating key.',
  'rate-limited': 'Too many requests in a short time; wait a moment and try again.',
  'invalid-request': 'The request had a bad field; the message names it.',
  'payload-too-large': 'The request body is larger than the server accepts.',
  'unsupported-media-type': 'The request body must be JSON, sent with Content-Type: application/json.',
  'host-not-allowed':
    'The server does not answer to that host name (a guard against DNS rebinding); its admin can list the name in ARW_ALLOWED_HOSTS.',
  'token-unknown': 'No token with that id exists (or it was already revoked).',
  'token-revoked': 'The token was revoked: sign in again with a new token.',
  'token-expired': 'The token has expired: sign in again with a new token.',
  'app-not-built': 'The server has no built app to serve: run `npm run build` first (npm start does it).',
  internal: 'Something went wrong inside the app.',
  'model-server-unreachable':
    'The model server could not be reached: check its address, that it is running, and that it allows this app (CORS).',
  'model-server-unauthorized': 'The model server refused the API key (or needs one).',
  'model-server-not-found': 'The model server does not know that address or model.',
  'model-server-error': 'The model server answered with an error; its message is shown.',
  'model-stream-malformed': 'The model server sent a reply stream this app cannot read.',
  'model-embed-unsupported': 'This model server does not offer embeddings.',
  'model-quota-exceeded': 'Not enough free storage for this model download, even after evicting unused models.',
  'model-download-failed': 'The model download stopped (network or server); it resumes from the last stored chunk.',
  'model-hash-mismatch': 'The downloaded model file does not match its published SHA-256; it was discarded.',
  'model-storage-unavailable': 'Model storage (the origin private file system) is not available in this browser.',
  'model-not-cached':
    'That model is no longer in the model store (deleted or evicted); download it again in Settings → Models.',
  'webllm-unavailable': 'web-llm is unavailable on this device: it needs WebGPU, and no WebGPU adapter was found.',
  'webllm-host-unreachable':
    'The web-llm model host could not be reached: check the model URL, the network, and that the host allows this app (CORS).',
  'webllm-config-invalid': 'The model’s mlc-chat-config.json is missing or broken, so web-llm cannot load it.',
  'webllm-lib-invalid': 'The model library (model_lib) is not a WebAssembly file compiled by MLC for WebGPU.',
  'webllm-load-timeout': 'Loading the web-llm model made no progress for too long and was stopped.',
  'webllm-load-canceled': 'Loading the web-llm model was canceled.',
  'webllm-load-failed': 'web-llm could not load the model; the message says why.',
  'model-servers-unreadable':
    'The saved model servers could not be read; they are ignored until you save the list again.',
  'model-servers-invalid': 'Some saved model servers were not valid and are ignored.',
  'model-servers-not-saved': 'Saved for this session only: the browser refused to store the list.',
  'model-servers-unsent': 'The model servers could not be sent to the inference worker.',
  'server-unreachable': 'Could not reach the sync server. Is it running, and is this address right?',
  'server-admin-token-needed': 'Enter an admin token with the admin:metrics scope to see route metrics and events.',
  'server-admin-token-refused': 'The server did not accept the admin token (missing, wrong, revoked or expired).',
  'server-admin-scope-missing': 'The token is valid but lacks the admin:metrics scope, or a gating key denies it.',
  'server-answered-error': 'The sync server answered with an error.',
  'server-not-arw': 'That address answers, but not as an ARW sync server: check the address and the port.',
  'policy-grant-invalid': 'A permission grant had a bad field; the message names it.',
  'policy-lease-unknown': 'That lease is not live any more (it ended, or was revoked on another device).',
  'vault-not-a-vault': 'This file is not an ARW Hub vault (.arwvault); nothing was imported.',
  'vault-format-newer': 'This vault was written by a newer ARW Hub; update the app to import it. Nothing was imported.',
  'vault-part-invalid':
    'A part of the vault is damaged (tampered with or cut short); nothing was imported. The message names the part.',
  'vault-truncated': 'The vault file is cut short (an interrupted download or copy?); nothing was imported.',
  'vault-wrong-passphrase': 'Wrong passphrase: the vault could not be decrypted, and nothing was imported.',
  'vault-passphrase-needed': 'This vault is encrypted: enter its passphrase to import it.',
  'vault-canceled': 'The vault export or import was canceled.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/**
 * The sentence a person reads for `code`; `detail` (what the code does not say: a
 * field, a count, another party's own words) follows in parentheses.
 */
export function describeError(code: ErrorCode, detail?: string): string {
  return detail ? `${ERROR_MESSAGES[code]} (${detail})` : ERROR_MESSAGES[code];
}
