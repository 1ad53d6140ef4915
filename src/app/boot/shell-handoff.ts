// index.html paints a static copy of the app's first frame with a real message box, so a person
// can type from the first paint while the app's code still loads. This module wires that box
// (Enter or Send marks the message to be sent) and hands its state to the app's composer when
// the app replaces the shell: text, caret, focus and a pending send. Nothing typed is lost.

export interface ShellHandoff {
  text: string;
  selectionStart: number;
  selectionEnd: number;
  focused: boolean;
  /** The person pressed Enter or Send before the app was ready: send `text` once it is. */
  send: boolean;
}

const BOX_ID = 'shell-message';
const SEND_ID = 'shell-send';

function box(doc: Document): HTMLTextAreaElement | null {
  const el = doc.getElementById(BOX_ID);
  return el instanceof HTMLTextAreaElement ? el : null;
}

/** Makes the shell's box behave like the composer until the app takes over. */
export function wireShell(doc: Document = document): void {
  const textarea = box(doc);
  const send = doc.getElementById(SEND_ID);
  if (!textarea || !(send instanceof HTMLButtonElement)) return;
  const pending = (): void => {
    if (!textarea.value.trim()) return;
    textarea.dataset.send = 'true';
    send.disabled = true;
    send.textContent = 'Sending…';
  };
  const sync = (): void => {
    if (textarea.dataset.send !== 'true') send.disabled = !textarea.value.trim();
  };
  textarea.addEventListener('input', sync);
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      pending();
    }
  });
  send.addEventListener('click', pending);
  sync();
}

/** The shell box's state, once: call right before the app's first (synchronous) render. */
export function takeShellHandoff(doc: Document = document): ShellHandoff | null {
  const textarea = box(doc);
  if (!textarea || textarea.dataset.taken) return null;
  textarea.dataset.taken = 'true';
  return {
    text: textarea.value,
    selectionStart: textarea.selectionStart,
    selectionEnd: textarea.selectionEnd,
    focused: doc.activeElement === textarea,
    send: textarea.dataset.send === 'true' && textarea.value.trim().length > 0,
  };
}

/** Shown in the shell when the app's code cannot load (offline, a deploy replaced it): say so. */
export function showShellFailure(error: unknown, doc: Document = document): void {
  const transcript = doc.querySelector('.app-shell .transcript');
  if (!transcript) return;
  const notice = doc.createElement('div');
  notice.className = 'notice notice-error';
  notice.setAttribute('role', 'alert');
  notice.textContent = `Tidepool could not load its code (${error instanceof Error ? error.message : String(error)}). Check the connection and reload the page; what you typed stays in the box until then.`;
  transcript.append(notice);
}
