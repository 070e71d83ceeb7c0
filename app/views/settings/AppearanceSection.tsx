/** Settings → Appearance: the colour theme as a radio group (System / Light / Dark), applied at once and kept in local storage. */
import { createSignal, For } from 'solid-js';
import { currentThemeChoice, setThemeChoice, THEME_CHOICES, type ThemeChoice } from '../../state/theme';

const LABELS: Record<ThemeChoice, { label: string; hint: string }> = {
  system: { label: 'System', hint: "follows this device's light or dark setting" },
  light: { label: 'Light', hint: 'dark text on a light background' },
  dark: { label: 'Dark', hint: 'light text on a dark background' },
};

export function AppearanceSection(props: { store: Storage | undefined }) {
  const [choice, setChoice] = createSignal(currentThemeChoice(document));
  const choose = (next: ThemeChoice) => {
    setThemeChoice(window, props.store, next);
    setChoice(next);
  };
  return (
    <section class="card" aria-labelledby="settings-appearance" data-testid="appearance-section">
      <h2 id="settings-appearance">Appearance</h2>
      <fieldset class="choice-group">
        <legend>Theme</legend>
        <For each={THEME_CHOICES}>
          {(name) => (
            <label class="choice" data-testid={`theme-${name}`}>
              <input type="radio" name="theme" value={name} checked={choice() === name} onChange={() => choose(name)} />
              <span>
                <strong>{LABELS[name].label}</strong> <span class="muted">— {LABELS[name].hint}</span>
              </span>
            </label>
          )}
        </For>
      </fieldset>
    </section>
  );
}
