import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { App } from './ui/app';
import { Controller } from './ui/controller';
import type { EarlyBoot } from './ui/early-boot';
import { GitController } from './ui/git/git-controller';
import { GitContext } from './ui/git/use-git';
import { preloadMarkdown } from './ui/markdown-view';
import { takeShellHandoff } from './ui/shell-handoff';
import { ControllerContext } from './ui/use-controller';

// The app proper, loaded by src/boot.ts once the lite workspace is live: it binds the workspace's
// late parts (backend choice, `git`), then replaces the static shell from index.html.
export function mount(early: EarlyBoot): void {
  // Git comes first: both shells get its `git`, and it opens `?repo=` once the session is back.
  const git: GitController = new GitController(() => early.handle.workspace, {
    onOpened: (opened) => {
      if (opened.readme) void controller.openFile(opened.readme.path);
    },
  });
  early.bindCommands(git.shellCommands());
  const controller = new Controller({ boot: early });
  git.setReady(controller.whenSessionReady());
  git.openFromLocation();

  // Taken and rendered in one synchronous step, so no keystroke falls between the shell's box
  // and the composer that replaces it.
  const handoff = takeShellHandoff();
  const root = createRoot(document.getElementById('root')!);
  flushSync(() =>
    root.render(
      <StrictMode>
        <ControllerContext.Provider value={controller}>
          <GitContext.Provider value={git}>
            <App controller={controller} handoff={handoff} />
          </GitContext.Provider>
        </ControllerContext.Provider>
      </StrictMode>,
    ),
  );

  // The agent, tools and provider code load right after, while the user is still typing.
  requestAnimationFrame(() => {
    performance.mark('tidepool:first-paint');
    const idle = (window as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => void })
      .requestIdleCallback;
    const preload = (): void => {
      void controller.preloadRuntime().catch(() => undefined);
      void preloadMarkdown().catch(() => undefined);
      void import('./ui/settings-dialog').catch(() => undefined);
    };
    if (idle) idle(preload, { timeout: 1500 });
    else setTimeout(preload, 200);
  });
}
