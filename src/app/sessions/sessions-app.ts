import type { Result } from '../../lib/result';
import type { Notify } from '../notify';
import type { Runtime } from '../runtime-loader';
import type { SettingsApp } from '../settings';
import type { ViewApp } from '../view';
import type { RewindPoint } from '../../agent/checkpoints';
import type { HistoryApp } from './history';
import { createMemoryOnly } from './memory-only';
import { createSessionLifecycle, type SessionsDeps } from './sessions';
import type { ExportedFile, TransferApp } from './transfer';

// Everything the page does with sessions, as one object: the lifecycle (sessions.ts), going back
// (history.ts) and files in and out (transfer.ts). The last two are all user actions, so their
// code loads on the first one (the first page load carries only what the message box needs).

export type SessionsApp = ReturnType<typeof createSessions>;

export function createSessions(
  deps: SessionsDeps & {
    view: ViewApp;
    settings: SettingsApp;
    notify: Notify;
    runtime: () => Promise<Runtime>;
    download: (file: ExportedFile) => Promise<void>;
  },
) {
  const lifecycle = createSessionLifecycle(deps);
  let history: Promise<HistoryApp> | undefined;
  let transfer: Promise<TransferApp> | undefined;
  const past = (): Promise<HistoryApp> =>
    (history ??= import('./history').then((m) => m.createHistory({ ...deps, lifecycle })));
  const files = (): Promise<TransferApp> =>
    (transfer ??= import('./transfer').then((m) => m.createTransfer({ ...deps, lifecycle })));
  return {
    ...lifecycle,
    /** The open session's files kept in memory only (a repository too big to store), or lost to a reload. */
    memoryOnly: createMemoryOnly(lifecycle),
    rewindPoints: async (): Promise<RewindPoint[]> => (await past()).rewindPoints(),
    /** Goes back to just before user message `turnId`; its text returns to the message box. */
    rewindTo: async (turnId: string, options: { files: boolean; conversation: boolean }): Promise<Result<void>> =>
      (await past()).rewindTo(turnId, options),
    /** "Fork from here": a new, independent session with the conversation and files as they were before `turnId`. */
    forkFrom: async (turnId: string): Promise<Result<void>> => (await past()).forkFrom(turnId),
    exportSession: async (format: 'json' | 'markdown'): Promise<Result<ExportedFile>> =>
      (await files()).exportSession(format),
    /** /export json|markdown: straight to a download, or a note saying why not. */
    downloadExport: async (format: 'json' | 'markdown'): Promise<void> => (await files()).downloadExport(format),
    /** Imports an exported session as a new stored session. On failure nothing changed and the reason says why. */
    importSession: async (text: string): Promise<Result<{ id: string; title: string }>> =>
      (await files()).importSession(text),
  };
}
