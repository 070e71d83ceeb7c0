/** An honest placeholder for a surface that is not built yet: what will be here, and when. */
import type { JSX } from 'solid-js';

export function EmptyState(props: { title: string; children: JSX.Element }) {
  return (
    <div class="empty-state" data-testid="empty-state">
      <h2>{props.title}</h2>
      {props.children}
    </div>
  );
}
