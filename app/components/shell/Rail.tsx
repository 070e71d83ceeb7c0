/** The left rail (a bottom bar at phone width): real links to the hash routes. */
import { For } from 'solid-js';
import { ROUTES, routeHref, type RouteId } from '../../lib/routes';

export function Rail(props: { current: RouteId }) {
  return (
    <nav class="rail" aria-label="Main">
      <span class="brand" aria-hidden="true">
        ARW
      </span>
      <ul>
        <For each={ROUTES}>
          {(route) => (
            <li>
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
      </ul>
    </nav>
  );
}
