/** Copying text for the Copy buttons, with the refusal in plain words instead of a DOMException. */

export type CopyResult = { ok: true } | { ok: false; message: string };

/** Puts `text` on the clipboard; says why when the browser refuses. */
export async function copyText(text: string): Promise<CopyResult> {
  if (!navigator.clipboard?.writeText)
    return { ok: false, message: 'Copy failed: this browser offers no clipboard here (it needs https or localhost).' };
  try {
    await navigator.clipboard.writeText(text);
    return { ok: true };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    return {
      ok: false,
      message:
        name === 'NotAllowedError'
          ? 'Copy failed: the browser refused clipboard access (allow it for this site, or select the text and copy it).'
          : `Copy failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** How long a button says "Copied". */
export const COPIED_MS = 2000;
