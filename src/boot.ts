import { startEarlyBoot } from './ui/early-boot';
import { showShellFailure, wireShell } from './ui/shell-handoff';
// In the entry, so Vite links it from index.html and the shell paints styled.
import './ui/styles.css';

// The page's entry, small on purpose and loaded `async` (it waits for neither the stylesheet nor
// the end of parsing). The message box in index.html already takes typing; here the lite
// workspace goes live at once, the box learns Enter once it is parsed, and the app (React, the
// controller) loads after the first frame is on screen: fetching and compiling it earlier, even
// as a modulepreload, held that paint back by 100 ms and more.
const early = startEarlyBoot();

const whenParsed = (fn: () => void): void => {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
  else fn();
};
const afterFirstPaint = (fn: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
};

whenParsed(() => {
  wireShell();
  afterFirstPaint(() => {
    import('./main')
      .then((app) => app.mount(early))
      .catch((error: unknown) => {
        console.error('[tidepool] the app failed to load:', error);
        showShellFailure(error);
      });
  });
});
