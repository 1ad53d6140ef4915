import type { Notify } from '../notify';
import type { Runtime } from '../runtime-loader';
import type { SettingsApp } from '../settings';
import type { ViewApp } from '../view';
import { createHistory } from './history';
import { createSessionLifecycle, type SessionsDeps } from './sessions';
import { createTransfer, type ExportedFile } from './transfer';

// Everything the page does with sessions, as one object: the lifecycle (sessions.ts), going back
// (history.ts) and files in and out (transfer.ts).

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
  return {
    ...lifecycle,
    ...createHistory({ ...deps, lifecycle }),
    ...createTransfer({ ...deps, lifecycle }),
  };
}
