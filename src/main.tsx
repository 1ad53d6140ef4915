import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app';
import { Controller } from './ui/controller';
import { preloadMarkdown } from './ui/markdown-view';
import { ControllerContext } from './ui/use-controller';
import './ui/styles.css';

const controller = new Controller();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App controller={controller} />
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
