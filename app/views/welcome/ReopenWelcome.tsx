/** Settings → About: brings the first-run welcome back and opens Chat, where it shows. */
import { useApp } from '../../state/app-context';
import { reopenWelcome } from '../../state/welcome';

export function ReopenWelcome() {
  const { localStore } = useApp();
  return (
    <p>
      <button
        type="button"
        data-testid="reopen-welcome"
        onClick={() => {
          reopenWelcome(localStore, window);
          location.hash = '#/chat';
        }}
      >
        Show the welcome again
      </button>{' '}
      <span class="muted">(what the app is, and the ways to a model)</span>
    </p>
  );
}
