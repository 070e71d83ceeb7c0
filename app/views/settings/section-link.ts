/**
 * Settings' side of `#/settings/<section>`: the `settings-<section>` heading is scrolled to
 * the top and focused (so the keyboard continues from there). Sections that load their
 * data first render their heading a little later, so it is looked for for up to ~1 s.
 */
import { createEffect, on, onCleanup, type Accessor } from 'solid-js';

const MAX_FRAMES = 60;

export function followSectionLink(section: Accessor<string | undefined>, doc: Document = document): void {
  let frame = 0;
  createEffect(
    on(section, (name) => {
      cancelAnimationFrame(frame);
      if (!name) return;
      let tries = 0;
      const look = () => {
        const heading = doc.getElementById(`settings-${name}`);
        if (!heading) {
          if (++tries < MAX_FRAMES) frame = requestAnimationFrame(look);
          return;
        }
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.scrollIntoView({ block: 'start' });
        heading.focus({ preventScroll: true });
      };
      look();
    }),
  );
  onCleanup(() => cancelAnimationFrame(frame));
}
