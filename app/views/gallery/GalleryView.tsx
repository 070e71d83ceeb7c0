/** Gallery: not built yet; says that recipes will be installed, inspected and launched here. */
import { EmptyState } from '../../components/common/EmptyState';

export function GalleryView() {
  return (
    <div class="view">
      <h1 class="view-title">Gallery</h1>
      <EmptyState title="Not built yet">
        <p>
          Recipes will live here: install one, read its manifest (tools, permissions it asks for, what it intends to do)
          before launching it, and watch each launch as an episode in the sidecar.
        </p>
        <p class="muted">No recipes are listed because none can be run yet; there is no sample content.</p>
      </EmptyState>
    </div>
  );
}
