import { takeEarlyBoot } from './app/boot/early-handle';
import { showShellFailure, wireShell } from './app/boot/shell-handoff';
import type { EarlyBoot } from './app/boot/early-boot';
import { embedRequested } from './app/embed/embed-flag';
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

// An embed's host is waiting, the shell's paint matters less: the app's code and the embed kit
// are fetched at once, and the kit answers the host over the live workspace while the app is
// still loading (src/app/embed/boot-embed.ts).
const embedded = embedRequested(location.search);

whenParsed(() => {
  const early = inlined ? Promise.resolve(inlined) : startHere();
  const embedBoot = embedded
    ? Promise.all([import('./app/embed/kit'), early]).then(([kit, boot]) => ({ kit, boot: kit.bootEmbed(boot.handle) }))
    : undefined;
  (embedded ? (fn: () => void) => fn() : afterFirstPaint)(() => {
    Promise.all([early, import('./main'), embedBoot])
      .then(([boot, app, embed]) => app.mount(boot, embed))
      .catch((error: unknown) => {
        console.error('[tidepool] the app failed to load:', error);
        showShellFailure(error);
      });
  });
});
