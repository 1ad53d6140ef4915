import type { RewindPoint } from '../../agent/checkpoints';
import { attempt, err, ok, type Result } from '../../lib/result';
import type { Notify } from '../notify';
import type { Runtime } from '../runtime-loader';
import type { ViewApp } from '../view';
import type { SessionsLifecycle } from './sessions';

// Going back: /rewind (files, conversation or both, to just before a user message; the message
// returns to the box) and "Fork from here" (a new session as things were then). The work is the
// session's (src/session/live-session.ts); this is what the page does around it. Neither ever
// changes the permission mode or rules: those stay the user's.

export interface HistoryDeps {
  runtime: () => Promise<Runtime>;
  lifecycle: SessionsLifecycle;
  view: ViewApp;
  notify: Notify;
}

export function createHistory({ runtime, lifecycle, view, notify }: HistoryDeps) {
  const live = () => lifecycle.store.get().conversation?.live ?? null;
  return {
    async rewindPoints(): Promise<RewindPoint[]> {
      const session = live();
      return session ? (await runtime()).rewindPoints(session.events) : [];
    },

    /** Goes back to just before user message `turnId`; its text returns to the message box. */
    rewindTo: (turnId: string, options: { files: boolean; conversation: boolean }): Promise<Result<void>> =>
      attempt(async () => {
        const session = live();
        if (!session) return err('No stored session to rewind.');
        const result = await session.rewind(turnId, options);
        if (!result.ok) return err(result.reason);
        view.closeSessionDialog();
        view.putDraft(result.prompt);
        const what =
          options.files && options.conversation ? 'files and conversation' : options.files ? 'files' : 'conversation';
        notify('info', `Rewound the ${what} to before “${result.prompt.slice(0, 60)}”.`, {
          hint:
            options.files && result.files
              ? `${result.files.written.length} file(s) restored, ${result.files.removed.length} removed.`
              : undefined,
        });
        return ok(undefined);
      }),

    /** "Fork from here": a new, independent session with the conversation and files as they were before `turnId`. */
    forkFrom: (turnId: string): Promise<Result<void>> =>
      attempt(async () => {
        const session = live();
        if (!session) return err('No stored session to fork.');
        const result = await session.fork(turnId, { include: 'before' });
        if (!result.ok) return err(result.reason);
        const opened = await lifecycle.openStoredSession(result.sessionId);
        if (!opened.ok) return opened;
        view.closeSessionDialog();
        view.putDraft(result.prompt ?? null);
        notify('info', 'Forked: this is a new session; the original is unchanged in Sessions.');
        return ok(undefined);
      }),
  };
}

export type HistoryApp = ReturnType<typeof createHistory>;
