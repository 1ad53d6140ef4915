import { takeEarlyBoot } from './app/boot/early-handle';
import { showShellFailure, wireShell } from './app/boot/shell-handoff';
import type { EarlyBoot } from './app/boot/early-boot';
// In the entry, so Vite links it from index.html (the build inlines it) and the shell paints styled.
import './ui/styles.css';

// The page's module entry, small on purpose. In the build, the inline script from src/early.ts
// has already made the lite workspace live and wired the shell's box while the page parsed;
// in dev this entry does both itself. The app (React, the controller) loads after the first
// frame is on screen: fetching and compiling it earlier, even as a modulepreload, held that
// paint back by 100 ms and more.
const inlined = takeEarlyBoot();

const startHere = async (): Promise<EarlyBoot> => {
  const { startEarlyBoot } = await import('./app/boot/early-boot');
  const early = startEarlyBoot();
  wireShell();
  return early;
};

const whenParsed = (fn: () => void): void => {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
  else fn();
};
const afterFirstPaint = (fn: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
};

whenParsed(() => {
  const early = inlined ? Promise.resolve(inlined) : startHere();
  afterFirstPaint(() => {
    Promise.all([early, import('./main')])
      .then(([boot, app]) => app.mount(boot))
      .catch((error: unknown) => {
        console.error('[tidepool] the app failed to load:', error);
        showShellFailure(error);
      });
  });
});
