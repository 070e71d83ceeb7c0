/**
 * One palette option: label, detail (or why it cannot run) and its group tag, all inside
 * the option's label so what is seen is what a screen reader names (WCAG 2.5.3).
 */
import { Combobox, type ComboboxRootItemComponentProps } from '@kobalte/core/combobox';
import { Show } from 'solid-js';
import type { PaletteItem } from './palette-items';

export function PaletteOption(props: ComboboxRootItemComponentProps<PaletteItem>) {
  const item = () => props.item.rawValue;
  const detail = () =>
    [item().detail, item().disabled && `unavailable: ${item().disabled}`].filter(Boolean).join(' — ');
  return (
    <Combobox.Item item={props.item} class="palette-option">
      <Combobox.ItemLabel class="palette-option-body">
        <span class="palette-option-label">{item().label}</span>{' '}
        <Show when={detail()}>
          <span class="palette-detail">{detail()}</span>{' '}
        </Show>
        <span class="palette-group">{item().group}</span>
      </Combobox.ItemLabel>
    </Combobox.Item>
  );
}
