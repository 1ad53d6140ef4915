import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app';
import { Controller } from './ui/controller';
import { GitController } from './ui/git/git-controller';
import { GitContext } from './ui/git/use-git';
import { preloadMarkdown } from './ui/markdown-view';
import { ControllerContext } from './ui/use-controller';
import './ui/styles.css';

// Git comes first: both shells are made with its `git`, and it opens `?repo=` once the session is back.
const git: GitController = new GitController(() => controller.workspace, {
  onOpened: (opened) => {
    if (opened.readme) void controller.openFile(opened.readme.path);
  },
});
const controller = new Controller({ shellCommands: git.shellCommands() });
git.setReady(controller.whenSessionReady());
git.openFromLocation();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <GitContext.Provider value={git}>
        <App controller={controller} />
      </GitContext.Provider>
    </ControllerContext.Provider>
  </StrictMode>,
);

// The message box is usable from the first paint; the agent, tools and provider code
// load right after, while the user is still typing.
requestAnimationFrame(() => {
  performance.mark('tidepool:first-paint');
  const idle = (window as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => void }).requestIdleCallback;
  const preload = (): void => {
    void controller.preloadRuntime().catch(() => undefined);
    void preloadMarkdown().catch(() => undefined);
    void import('./ui/settings-dialog').catch(() => undefined);
  };
  if (idle) idle(preload, { timeout: 1500 });
  else setTimeout(preload, 200);
});
