/**
 * The tiny model's training text, authored for this project: hand-written sentences
 * about ARW Hub plus sentences composed from small word lists by a seeded random, so
 * `npx tsx scripts/train-model.ts corpus` rebuilds the same corpus file every time.
 */
import { createRandom, type Random } from '../../core/inference/random';

const FIXED = [
  'ARW Hub is a local-first agent hub that runs in your browser.',
  'Every fact the app learns is written to an append-only journal on this device.',
  'The journal keeps events in order, and each event has an id, a time, a kind and a payload.',
  'An episode is every event that shares one correlation id.',
  'The agent loop turns an observation into beliefs, beliefs into an intent, and an intent into an action.',
  'Models run in a web worker, so the page stays responsive while tokens stream.',
  'The tiny demo model was trained by this project on this text, and it is not a real assistant.',
  'It writes words one character at a time, and the words only look like English.',
  'When WebGPU is available the model runs on the graphics adapter; otherwise it runs on WebAssembly.',
  'With cross-origin isolation the WebAssembly backend can use more than one thread.',
  'The sync server relays events between your devices, and it trusts nobody by default.',
  'Admin tokens are stored only as hashes, and every route sits behind a gate.',
  'A lease grants one capability for a limited time, and it expires on its own.',
  'Policy prompts appear inline, so nothing blocks the page while you decide.',
  'The sidecar shows the timeline of the selected episode, its approvals and its metrics.',
  'Open the command palette with Control K and type what you want to do.',
  'Settings lists the models, the permissions, the devices and the state of the server.',
  'The debug view filters episodes by kind, by status and by time.',
  'Recipes describe an agent, its tools, its permissions and the steps it takes.',
  'A recipe can be signed, and the signature is checked before it runs.',
  'Offline, the app still opens from the service worker cache and keeps recording.',
  'When the network returns, the events you recorded offline are sent to the server.',
  'Tokens per second and time to first token are shown for every episode.',
  'You can stop a reply at any time, and you can ask for a new one.',
  'The model manager downloads a model once, checks its hash and keeps it in the cache.',
  'A partial download never counts as cached, and it resumes where it stopped.',
  'Feedback suggestions can be applied, refused or reverted, and each choice is recorded.',
  'The governor switches between performance, balanced and power saver profiles.',
  'Workers are reached through a small typed interface, and errors cross it with a code.',
  'Read models fold the journal into lists of observations, beliefs, intents and actions.',
];

const SUBJECTS = [
  'the agent',
  'the journal',
  'the model',
  'the worker',
  'the sync server',
  'the sidecar',
  'the chat view',
  'the service worker',
  'the policy engine',
  'the recipe runner',
  'the model manager',
  'the status bar',
  'each episode',
  'every event',
  'the timeline',
  'the debug view',
  'the governor',
  'a lease',
  'the browser',
  'your device',
  'the queue',
  'the read model',
  'the settings page',
  'the command palette',
];
const VERBS = [
  'records',
  'shows',
  'keeps',
  'sends',
  'reads',
  'writes',
  'checks',
  'streams',
  'loads',
  'stores',
  'lists',
  'filters',
  'replays',
  'counts',
  'explains',
  'measures',
  'updates',
  'watches',
  'selects',
  'summarizes',
];
const OBJECTS = [
  'the events of this episode',
  'a short reply',
  'the tokens as they arrive',
  'the newest observations',
  'the state of the network',
  'the time to first token',
  'the list of models',
  'a clear reason',
  'the open leases',
  'the current profile',
  'every tool call',
  'the last error',
  'the beliefs it formed',
  'the hash of the file',
  'the progress of the download',
  'the words you typed',
  'the history of the conversation',
  'the permissions it needs',
  'the number of tokens per second',
  'the steps of the recipe',
  'a small summary',
  'the selected project',
];
const ADVERBIALS = [
  'on this device',
  'in the background',
  'without a network',
  'after every change',
  'in a few milliseconds',
  'while you type',
  'when you ask for it',
  'for each project',
  'in the order they happened',
  'before anything runs',
  'with a clear label',
  'at the end of the episode',
  'when the page opens',
  'as soon as it can',
  'one at a time',
  'without blocking the page',
  'for the next ten minutes',
  'until you stop it',
];
const CONNECTORS = [
  'Then',
  'After that',
  'Meanwhile',
  'Later',
  'In the meantime',
  'Next',
  'Because of this',
  'So',
  'Afterwards',
];
const OPENERS = [
  'When you send a message,',
  'If the model is busy,',
  'Once the download is done,',
  'While the reply streams,',
  'Before a tool runs,',
  'If a permission is missing,',
  'When you open the app,',
  'After a reload,',
  'If the server is gone,',
  'When a lease expires,',
  'As the episode ends,',
  'When the network drops,',
];
const QUESTIONS = [
  'What does the agent know about this project?',
  'How fast is the model on this device?',
  'Which events belong to this episode?',
  'Why did the policy deny this call?',
  'Where is the journal stored?',
  'Can the app run without a network?',
  'Who granted this lease?',
  'How long did the tool take?',
];

const pick = <T>(list: readonly T[], random: Random): T => list[Math.floor(random() * list.length)]!;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function sentence(random: Random): string {
  const roll = random();
  const core = `${pick(SUBJECTS, random)} ${pick(VERBS, random)} ${pick(OBJECTS, random)}`;
  if (roll < 0.15) return pick(FIXED, random);
  if (roll < 0.35) return `${pick(OPENERS, random)} ${core} ${pick(ADVERBIALS, random)}.`;
  if (roll < 0.5) return `${pick(CONNECTORS, random)} ${core}.`;
  if (roll < 0.6) return `${pick(QUESTIONS, random)} ${capital(core)} ${pick(ADVERBIALS, random)}.`;
  if (roll < 0.75)
    return `${capital(core)}, and ${pick(SUBJECTS, random)} ${pick(VERBS, random)} ${pick(OBJECTS, random)}.`;
  return `${capital(core)} ${pick(ADVERBIALS, random)}.`;
}

/** About `targetBytes` of text: paragraphs of 3–7 sentences separated by blank lines. */
export function buildCorpus(targetBytes: number, seed: number): string {
  const random = createRandom(seed);
  const paragraphs: string[] = [FIXED.join(' ')];
  let size = paragraphs[0]!.length;
  while (size < targetBytes) {
    const count = 3 + Math.floor(random() * 5);
    const paragraph = Array.from({ length: count }, () => sentence(random)).join(' ');
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  return `${paragraphs.join('\n\n')}\n`;
}
