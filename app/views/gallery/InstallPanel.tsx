/**
 * Install from a folder (the directory picker where the browser has one, else a folder
 * input), a manifest or .zip file, a URL, or by dropping any of these; then what the
 * install flow says: errors one per field, the update diff to apply, or Reinstall.
 */
import { createSignal, Show } from 'solid-js';
import type { InstallFlow } from '../../recipes/install-flow';
import { canPickDirectory, filesFromDrop, filesFromInput, pickDirectory, sourceOfFiles } from '../../recipes/pick';
import { InstallStatus } from './InstallStatus';

export function InstallPanel(props: { flow: InstallFlow }) {
  const [url, setUrl] = createSignal('');
  const [dragging, setDragging] = createSignal(false);
  let folderInput: HTMLInputElement | undefined;
  const busy = () => props.flow.state().phase === 'reading';

  const fromFiles = (files: FileList | null, what: string) => {
    if (!files || files.length === 0) return;
    const list = filesFromInput(files);
    void props.flow.start(
      sourceOfFiles(list),
      what === 'folder' ? `the folder ${list[0]?.path.split('/')[0]}` : list[0]!.path,
    );
  };
  const chooseFolder = async () => {
    if (!canPickDirectory(window)) return folderInput?.click();
    try {
      const files = await pickDirectory(window);
      if (files) void props.flow.start({ kind: 'folder', files }, 'the picked folder');
    } catch {
      folderInput?.click(); // the picker refused (e.g. a system folder): the input still works
    }
  };
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!event.dataTransfer) return;
    const files = await filesFromDrop(event.dataTransfer);
    if (files.length > 0) void props.flow.start(sourceOfFiles(files), 'the dropped files');
  };
  const fromUrl = (event: Event) => {
    event.preventDefault();
    if (url().trim()) void props.flow.start({ kind: 'url', url: url().trim() }, url().trim());
  };

  return (
    <section class="card install-panel" aria-labelledby="gallery-install" data-testid="install-panel">
      <h2 id="gallery-install">Install a recipe</h2>
      <div
        class="drop-zone"
        classList={{ dragging: dragging() }}
        role="group"
        aria-label="Drop a recipe folder, manifest or zip here"
        onDragOver={(event) => (event.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => void onDrop(event)}
      >
        <p class="muted">Drop a recipe folder, a recipe.yaml or a .zip here, or:</p>
        <div class="install-row">
          <button type="button" onClick={() => void chooseFolder()} disabled={busy()}>
            Choose a folder…
          </button>
          <input
            ref={folderInput}
            class="sr-only"
            type="file"
            aria-label="Recipe folder"
            // webkitdirectory is not in Solid's typings; Chromium, Firefox and Safari all read it
            {...{ webkitdirectory: true }}
            multiple
            tabindex="-1"
            onChange={(event) => (fromFiles(event.currentTarget.files, 'folder'), (event.currentTarget.value = ''))}
          />
          <label class="file-pick">
            Manifest or zip file{' '}
            <input
              type="file"
              accept=".yaml,.yml,.json,.zip,application/zip,application/json"
              data-testid="recipe-file"
              disabled={busy()}
              onChange={(event) => (fromFiles(event.currentTarget.files, 'file'), (event.currentTarget.value = ''))}
            />
          </label>
        </div>
        <form class="install-row" onSubmit={fromUrl}>
          <label>
            Recipe URL{' '}
            <input
              type="url"
              value={url()}
              onInput={(event) => setUrl(event.currentTarget.value)}
              placeholder="https://example.com/recipes/my-recipe/"
              size={40}
            />
          </label>
          <button type="submit" disabled={busy() || !url().trim()}>
            Install from URL
          </button>
        </form>
      </div>
      <Show when={props.flow.state().phase !== 'idle' && props.flow.origin() === 'panel'}>
        <InstallStatus flow={props.flow} />
      </Show>
    </section>
  );
}
