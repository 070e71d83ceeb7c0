/**
 * The command palette (Ctrl/Cmd-K, opened by the shell): a Kobalte Dialog holding a
 * Kobalte Combobox whose listbox is always shown. Options are ranked here (fuzzysort,
 * recent first) and handed to Kobalte unfiltered. Enter runs the highlighted option or
 * fills in its next step, Tab fills in a step, Esc closes and focus goes back.
 */
import { Combobox, useComboboxContext } from '@kobalte/core/combobox';
import { Dialog } from '@kobalte/core/dialog';
import { createComputed, createEffect, createMemo, createSignal, on, onMount, untrack } from 'solid-js';
import { messageOf } from '../../../core/errors';
import { useApp } from '../../state/app-context';
import { useProject } from '../../state/project';
import type { RuntimeServices } from '../../state/runtime-services';
import { useSync } from '../../state/sync';
import { isGrantInput, parseGrant } from './grant-parser';
import { buildItems, grantItems, rankItems, type PaletteItem } from './palette-items';
import { createPaletteModel } from './palette-state';
import { PaletteOption } from './PaletteOption';
import { createRecentItems } from './recent';

export interface PaletteProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  runtime: RuntimeServices | undefined;
  onShowSidecar(): void;
}

const FOCUS_FRAMES = 60;

const VISIBLE = ['id', 'label', 'group', 'detail', 'disabled', 'fill'] as const;
function sameItems(a: readonly PaletteItem[], b: readonly PaletteItem[]): boolean {
  return a.length === b.length && a.every((item, i) => VISIBLE.every((key) => item[key] === b[i]![key]));
}

/** Focuses what `find` returns once it exists (a view mounts a frame or two after a route change). */
function focusWhenReady(find: () => HTMLElement | null, frames = FOCUS_FRAMES): void {
  const element = find();
  if (element) element.focus();
  else if (frames > 0) requestAnimationFrame(() => focusWhenReady(find, frames - 1));
}

interface InputApi {
  fill(text: string): void;
  focusedId(): string | undefined;
}

/** Inside the Combobox: lets the palette set the input, and keeps the first option highlighted. */
function ComboboxBridge(props: { ready(api: InputApi): void; initial: string }) {
  const context = useComboboxContext();
  const manager = () => context.listState().selectionManager();
  onMount(() => {
    props.ready({
      fill: (text) => context.setInputValue(text),
      focusedId: () => manager().focusedKey() ?? undefined,
    });
    if (props.initial) context.setInputValue(props.initial);
  });
  createEffect(() => {
    context.listState().collection();
    manager().focusedKey();
    // Kobalte clears the highlight after each input change; set it once that has run. A
    // rebuilt list has new option ids: setting the key again renews aria-activedescendant.
    queueMicrotask(() => {
      const now = context.listState().collection();
      const current = manager().focusedKey();
      if (current != null && now.getItem(current)) {
        const active = context.activeDescendant();
        if (!active || !document.getElementById(active)) {
          manager().setFocusedKey(undefined);
          manager().setFocusedKey(current);
        }
        return;
      }
      let first = now.getFirstKey();
      while (first != null && manager().isDisabled(first)) first = now.getKeyAfter(first);
      if (first != null) manager().setFocusedKey(first);
    });
  });
  return null;
}

export function Palette(props: PaletteProps) {
  const app = useApp();
  const project = useProject();
  const sync = useSync();
  const recent = createRecentItems(app.localStore);
  let focusTarget: (() => HTMLElement | null) | undefined;
  let previous: HTMLElement | null = null;
  let input: InputApi | undefined;
  const model = createPaletteModel({
    app,
    project,
    sharedProjects: () => sync.links().flatMap((link) => link.projects),
    runtime: untrack(() => props.runtime),
    showSidecar: () => props.onShowSidecar(),
    focusAfter: (find) => (focusTarget = find),
  });
  const [query, setQuery] = createSignal('');
  const [problem, setProblem] = createSignal<string>();
  const [initial, setInitial] = createSignal('');

  // Before Kobalte moves focus into the dialog: remember where to return it.
  createComputed(
    on(
      () => props.open,
      (open) => {
        if (!open) return;
        previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setQuery(initial());
      },
    ),
  );

  const grant = createMemo(() =>
    props.open && isGrantInput(query()) ? parseGrant(query(), model.grantContext()) : undefined,
  );
  const items = createMemo(() => (props.open ? buildItems(model.sources(), model.actions) : []));
  // Equal lists keep the old array: Kobalte rebuilds every option (new element ids) on a new one.
  const shown = createMemo(
    () => {
      const parsed = grant();
      return parsed ? grantItems(parsed, model.actions) : rankItems(items(), query(), recent.ids());
    },
    [],
    { equals: sameItems },
  );
  const error = () => problem() ?? grant()?.error;
  const hint = () => {
    const parsed = grant();
    if (parsed?.notice ?? parsed?.hint) return parsed.notice ?? parsed.hint;
    if (error()) return 'e.g. grant net:http example.com 15m';
    return shown().length === 0
      ? 'Nothing matches. Try "open gallery" or "grant net:http example.com 15m".'
      : 'Enter runs · Tab completes · Esc closes';
  };

  const run = (item: PaletteItem | null) => {
    if (!item || item.disabled) return;
    if (!item.run) {
      if (item.fill) input?.fill(item.fill);
      return;
    }
    const text = query();
    recent.use(item.id);
    setProblem(undefined);
    setInitial('');
    focusTarget = undefined;
    const fail = (cause: unknown) => {
      // Back with the words that failed and why, instead of a silent close.
      setProblem(`${item.label}: ${messageOf(cause)}`);
      setInitial(text);
      props.onOpenChange(true);
    };
    try {
      const result = item.run();
      props.onOpenChange(false);
      if (result instanceof Promise) result.catch(fail);
    } catch (cause) {
      setProblem(`${item.label}: ${messageOf(cause)}`);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || event.shiftKey) return;
    const focused = input?.focusedId();
    const item = shown().find((candidate) => candidate.id === focused) ?? shown()[0];
    if (item?.fill) {
      event.preventDefault();
      input?.fill(item.fill);
    }
  };

  const onCloseAutoFocus = (event: Event) => {
    event.preventDefault();
    const find = focusTarget;
    focusTarget = undefined;
    if (find) focusWhenReady(find);
    else if (previous?.isConnected) previous.focus();
    else document.getElementById('main')?.focus();
  };

  return (
    <Dialog
      open={props.open}
      onOpenChange={(open) => {
        if (!open) setProblem(undefined);
        props.onOpenChange(open);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay class="palette-overlay" />
        <div class="palette-positioner">
          <Dialog.Content class="palette" data-testid="palette" onCloseAutoFocus={onCloseAutoFocus}>
            <Dialog.Title class="palette-title">Command palette</Dialog.Title>
            <Combobox<PaletteItem>
              class="palette-combobox"
              options={shown()}
              optionValue="id"
              optionTextValue="label"
              optionLabel="label"
              optionDisabled={(item) => item.disabled !== undefined}
              value={null}
              onChange={run}
              onInputChange={(text) => {
                setProblem(undefined);
                setQuery(text);
              }}
              open={true}
              allowsEmptyCollection
              noResetInputOnBlur
              defaultFilter={() => true}
              validationState={error() ? 'invalid' : 'valid'}
              itemComponent={PaletteOption}
            >
              <Combobox.Label class="palette-input-label">Search, or type a command such as "grant"</Combobox.Label>
              <Combobox.Control class="palette-control">
                <Combobox.Input
                  class="palette-input"
                  placeholder="open gallery · grant net:http example.com 15m · attach …"
                  onKeyDown={onKeyDown}
                />
              </Combobox.Control>
              <Combobox.ErrorMessage class="palette-error" role="alert">
                {error()}
              </Combobox.ErrorMessage>
              <Combobox.Description class="palette-hint" role="status">
                {hint()}
              </Combobox.Description>
              <Combobox.Listbox class="palette-list" />
              <ComboboxBridge ready={(api) => (input = api)} initial={untrack(initial)} />
            </Combobox>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  );
}
