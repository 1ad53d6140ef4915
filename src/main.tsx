import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import type { EarlyBoot } from './app/boot/early-boot';
import { takeShellHandoff } from './app/boot/shell-handoff';
import { createApp } from './app/create-app';
import { embedFromLocation } from './app/embed/from-location';
import { EmbedRefusal } from './ui/embed-chrome';
import { App } from './ui/app';
import { preloadMarkdown } from './ui/markdown-view';
import { AppContext } from './ui/use-store';

// The app proper, loaded by src/boot.ts once the lite workspace is live: the composition root
// binds the workspace's late parts (backend choice, `git`), then React replaces the static shell.
export function mount(early: EarlyBoot): void {
  const embed = embedFromLocation();
  if (embed?.refused) {
    // A page that may not embed Tidepool gets the note and nothing else: no app, no session.
    createRoot(document.getElementById('root')!).render(<EmbedRefusal origin={embed.deps.ancestorOrigin} />);
    return;
  }
  const app = createApp({ boot: early, embed: embed?.deps });
  // `?repo=` opens once the session is back (the git store waits for it). An embed's files are its host's.
  if (!embed) {
    app.git.openFromLocation();
    app.replay.openFromLocation();
  }

  // Taken and rendered in one synchronous step, so no keystroke falls between the shell's box
  // and the composer that replaces it.
  const handoff = takeShellHandoff();
  const root = createRoot(document.getElementById('root')!);
  flushSync(() =>
    root.render(
      <StrictMode>
        <AppContext.Provider value={app}>
          <App handoff={handoff} />
        </AppContext.Provider>
      </StrictMode>,
    ),
  );

  // The agent, tools and provider code load right after, while the user is still typing.
  requestAnimationFrame(() => {
    performance.mark('tidepool:first-paint');
    const idle = (window as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => void })
      .requestIdleCallback;
    const preload = (): void => {
      void app.preloadRuntime().catch(() => undefined);
      void preloadMarkdown().catch(() => undefined);
      void import('./ui/settings-dialog').catch(() => undefined);
    };
    if (idle) idle(preload, { timeout: 1500 });
    else setTimeout(preload, 200);
  });
}
