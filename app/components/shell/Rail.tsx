/**
 * The left rail: real links to the hash routes. Below 700 px (app/styles/shell.css) it
 * is a bottom bar with the entries of BAR and a "More" menu button for the rest (a menu
 * button in the WAI-ARIA pattern: arrows move, Escape closes, focus returns to it).
 */
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { ROUTES, routeHref, type RouteId } from '../../lib/routes';

/** The entries the bottom bar shows itself; the others are under More. */
const BAR: readonly RouteId[] = ['hub', 'chat', 'gallery', 'settings'];
const inBar = (id: RouteId) => BAR.includes(id);

export function Rail(props: { current: RouteId }) {
  const [menuOpen, setMenuOpen] = createSignal(false);
  let moreButton: HTMLButtonElement | undefined;
  let menu: HTMLUListElement | undefined;
  const overflow = () => ROUTES.filter((route) => !inBar(route.id));
  const items = () => [...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  const open = (focus: 'first' | 'last') => {
    setMenuOpen(true);
    const list = items();
    (focus === 'first' ? list[0] : list[list.length - 1])?.focus();
  };
  const close = (refocus: boolean) => {
    setMenuOpen(false);
    if (refocus) moreButton?.focus();
  };
  // A new route (chosen here, from the palette or a link) closes the menu.
  createEffect(
    on(
      () => props.current,
      () => setMenuOpen(false),
      { defer: true },
    ),
  );

  const onOutside = (event: PointerEvent) => {
    const target = event.target as Node;
    if (!menu?.contains(target) && !moreButton?.contains(target)) close(false);
  };
  createEffect(() => {
    if (menuOpen()) document.addEventListener('pointerdown', onOutside);
    else document.removeEventListener('pointerdown', onOutside);
  });
  onCleanup(() => document.removeEventListener('pointerdown', onOutside));

  const onMenuKey = (event: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => list[(index + list.length) % list.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(list.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') return close(false);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <nav class="rail" aria-label="Main">
      <span class="brand" aria-hidden="true">
        ARW
      </span>
      <ul>
        <For each={ROUTES}>
          {(route) => (
            <li classList={{ 'rail-overflow': !inBar(route.id) }}>
              <a
                href={routeHref(route.id)}
                aria-current={props.current === route.id ? 'page' : undefined}
                data-route={route.id}
              >
                <span class="rail-icon" aria-hidden="true">
                  {route.icon}
                </span>
                <span class="rail-label">{route.label}</span>
              </a>
            </li>
          )}
        </For>
        <li class="rail-more">
          <button
            type="button"
            ref={moreButton}
            class="rail-more-button"
            classList={{ current: !inBar(props.current) }}
            aria-haspopup="menu"
            aria-expanded={menuOpen()}
            aria-controls={menuOpen() ? 'rail-more-menu' : undefined}
            data-testid="rail-more"
            onClick={() => (menuOpen() ? close(false) : open('first'))}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                event.preventDefault();
                open(event.key === 'ArrowDown' ? 'first' : 'last');
              } else if (event.key === 'Escape' && menuOpen()) {
                event.stopPropagation();
                close(true);
              }
            }}
          >
            <span class="rail-icon" aria-hidden="true">
              ⋯
            </span>
            <span class="rail-label">More</span>
          </button>
          <Show when={menuOpen()}>
            <ul
              id="rail-more-menu"
              class="rail-menu"
              role="menu"
              aria-label="More views"
              ref={menu}
              onKeyDown={onMenuKey}
            >
              <For each={overflow()}>
                {(route) => (
                  <li role="none">
                    <a
                      role="menuitem"
                      href={routeHref(route.id)}
                      aria-current={props.current === route.id ? 'page' : undefined}
                      data-route={route.id}
                      tabindex="-1"
                      onClick={() => close(true)}
                    >
                      <span class="rail-icon" aria-hidden="true">
                        {route.icon}
                      </span>
                      <span class="rail-label">{route.label}</span>
                    </a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </li>
      </ul>
    </nav>
  );
}
