import type { WorkspaceHandle } from '../../workspace/boot-workspace';
import { embedFileActions } from './actions';
import { createEmbed, type EmbedActions, type EmbedApp, type EmbedDeps } from './embed';
import { embedFromLocation, type EmbedStart } from './from-location';
import { EmbedSettingsStore } from './settings-store';

// An embed's host waits for the frame, so an embedded page starts on it as soon as this chunk
// arrives, while the app's own code is still loading (src/boot.ts): the handshake, answering the
// host's files over the workspace the early script made live (the rest of its requests wait for
// the app's actions), and the settings database (its first open took 100–200 ms).

export interface EmbedStartup {
  /** The frame's side of the handshake, already listening to the parent. */
  embed: EmbedApp;
  /** Hands over the app's actions; requests that arrived earlier wait for this. */
  bind(actions: EmbedActions): void;
  /** The embed's settings, their database already opening (none when the app brings its own). */
  settingsStore?: EmbedSettingsStore;
}

/** Starts the handshake before the actions exist. */
export function startEmbed(deps: Omit<EmbedDeps, 'actions'>, settingsStore?: EmbedSettingsStore): EmbedStartup {
  let bind!: (actions: EmbedActions) => void;
  const actions = new Promise<EmbedActions>((resolve) => (bind = resolve));
  const embed = createEmbed({ ...deps, actions });
  embed.start();
  return { embed, bind, settingsStore };
}

export interface EmbedBoot extends EmbedStart {
  /** Null for a refused parent: it gets the note and nothing else (no handshake, no storage). */
  startup: EmbedStartup | null;
}

/** For src/boot.ts, with the workspace its early script made live: null when the page is not embedded. */
export function bootEmbed(workspace: WorkspaceHandle, win: Window = window): EmbedBoot | null {
  const start = embedFromLocation(win);
  if (!start) return null;
  if (start.refused) return { ...start, startup: null };
  const settingsStore = new EmbedSettingsStore();
  // Opens the database now; the app's own load() then reads from it at once.
  void settingsStore.load().catch(() => undefined);
  const files = embedFileActions({
    workspace: () => workspace.workspace,
    replaceFiles: (given) => workspace.replaceFiles(given),
  });
  return { ...start, startup: startEmbed({ ...start.deps, files }, settingsStore) };
}
