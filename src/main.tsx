import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import type { EarlyBoot } from './app/boot/early-boot';
import { takeShellHandoff } from './app/boot/shell-handoff';
import { createApp } from './app/create-app';
import type { EmbedKit } from './app/create-app';
import type { EmbedBoot } from './app/embed/boot-embed';
import { App } from './ui/app';
import { preloadMarkdown } from './ui/markdown-view';
import { AppContext } from './ui/use-store';

// Module evaluation and the app's first render would otherwise be one long task.
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

// The app proper, loaded by src/boot.ts once the lite workspace is live: the composition root
// binds the workspace's late parts (backend choice, `git`), then React replaces the static shell.
// An embedded page (`?embed=`) also gets the embed's code and what src/boot.ts started with it.
export async function mount(early: EarlyBoot, embedded?: { kit: EmbedKit; boot: EmbedBoot | null }): Promise<void> {
  const embed = embedded?.boot ?? null;
  // The host's messages (answered by the kit meanwhile) get through between the two.
  if (embed) await nextTask();
  if (embed?.refused) {
    // A page that may not embed Tidepool gets the note and nothing else: no app, no session.
    const { EmbedRefusal } = await import('./ui/embed-chrome');
    createRoot(document.getElementById('root')!).render(<EmbedRefusal origin={embed.deps.ancestorOrigin} />);
    return;
  }
  const app = createApp({
    boot: early,
    embed: embed?.deps,
    embedKit: embedded?.kit,
    embedStartup: embed?.startup ?? undefined,
    // A host's send waits for the session: it opens (and the runtime loads) beside the first render, not after a paint.
    painted: embed ? Promise.resolve() : undefined,
  });
  // `?repo=` opens once the session is back (the git store waits for it). An embed's files are its host's.
  if (!embed) {
    app.git.openFromLocation();
    void app.replay.openFromLocation();
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
    // Shown as soon as the session is back: fetched now, not at idle.
    void import('./ui/git/repo-home').catch(() => undefined);
    void import('./ui/workspace-panel').catch(() => undefined);
    void import('./ui/first-run').catch(() => undefined);
    void import('./ui/workbench/file-tree-view').catch(() => undefined);
    const idle = (window as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => void })
      .requestIdleCallback;
    const preload = (): void => {
      void app.preloadRuntime().catch(() => undefined);
      void preloadMarkdown().catch(() => undefined);
      void import('./ui/settings-dialog').catch(() => undefined);
      void import('./ui/tool-cards/tool-card-view').catch(() => undefined);
      void import('./agent/commands').catch(() => undefined);
    };
    if (idle) idle(preload, { timeout: 1500 });
    else setTimeout(preload, 200);
  });
}
