import { err, ok, type Result } from '../../lib/result';
import type { Notify } from '../notify';
import type { Runtime } from '../runtime-loader';
import type { SettingsApp } from '../settings';
import type { SessionsLifecycle } from './sessions';

// Sessions as files: export the open one (JSON with files and checkpoints, or the conversation as
// Markdown; never a key) and import one as a new stored session (the file is untrusted: see
// src/session/import.ts; its mode and rule records are dropped).

export interface ExportedFile {
  name: string;
  text: string;
  type: string;
}

export interface TransferDeps {
  runtime: () => Promise<Runtime>;
  lifecycle: SessionsLifecycle;
  settings: SettingsApp;
  notify: Notify;
  /** Saves a file for the user (the browser's download); tests pass their own. */
  download: (file: ExportedFile) => Promise<void>;
}

export function createTransfer({ runtime, lifecycle, settings, notify, download }: TransferDeps) {
  async function exportSession(format: 'json' | 'markdown'): Promise<Result<ExportedFile>> {
    await lifecycle.ready;
    const { current, conversation } = lifecycle.store.get();
    const session = conversation?.live;
    if (!session) return err('No stored session is open.');
    const base = (await runtime()).exportFileName(current?.title || 'session');
    const keys = await settings.savedKeys();
    try {
      if (format === 'markdown') {
        let text = await session.exportMarkdown();
        for (const key of keys) if (key.length >= 8) text = text.split(key).join('[redacted]');
        return ok({ name: base.replace(/\.json$/, '.md'), text, type: 'text/markdown' });
      }
      const text = await session.exportJson({ checkpoints: true, redact: keys, pretty: true });
      return ok({ name: base, text, type: 'application/json' });
    } catch (error) {
      return err(error instanceof Error ? error.message : String(error));
    }
  }

  return {
    exportSession,

    /** /export json|markdown: straight to a download, or a note saying why not. */
    async downloadExport(format: 'json' | 'markdown'): Promise<void> {
      const file = await exportSession(format);
      if (file.ok) await download(file.value);
      else notify('error', 'The session could not be exported.', { hint: file.error });
    },

    /** Imports an exported session as a new stored session. On failure nothing changed and the reason says why. */
    async importSession(text: string): Promise<Result<{ id: string; title: string }>> {
      const sessions = await lifecycle.storage();
      if (!sessions.ok) return sessions;
      const result = await (await runtime()).importSession(sessions.value, text);
      return result.ok ? ok({ id: result.meta.id, title: result.meta.title }) : err(result.error);
    },
  };
}

export type TransferApp = ReturnType<typeof createTransfer>;
