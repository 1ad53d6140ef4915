import { createStore, type ReadonlyStore } from './store';

// What the page shows besides the chat: which dialog is open, a file the workspace panel should
// show, and text to put back in the message box. Plain data; the components decide how.

export type SessionDialog = 'sessions' | 'rewind' | 'export' | null;

export interface ViewState {
  settingsOpen: boolean;
  /** A preset the settings form should start on (the first-run "local model" button). */
  settingsPreset: string | null;
  sessionDialog: SessionDialog;
  /** The workspace panel should show this file (a nonce so the same path can be asked twice). */
  openFile: { path: string; nonce: number } | null;
  /** Text to put back in the message box (after a rewind); the nonce lets the same text come twice. */
  draft: { text: string; nonce: number } | null;
}

export type ViewApp = ReturnType<typeof createView>;

export function createView() {
  const store = createStore<ViewState>({
    settingsOpen: false,
    settingsPreset: null,
    sessionDialog: null,
    openFile: null,
    draft: null,
  });
  let nonce = 0;
  return {
    store: store as ReadonlyStore<ViewState>,
    openSettings(preset: string | null = null): void {
      store.set({ settingsOpen: true, settingsPreset: preset });
    },
    closeSettings(): void {
      store.set({ settingsOpen: false, settingsPreset: null });
    },
    openSessionDialog(dialog: SessionDialog): void {
      store.set({ sessionDialog: dialog });
    },
    closeSessionDialog(): void {
      store.set({ sessionDialog: null });
    },
    openFile(path: string): void {
      store.set({ openFile: { path, nonce: ++nonce } });
    },
    putDraft(text: string | null): void {
      store.set({ draft: text === null ? null : { text, nonce: ++nonce } });
    },
  };
}
