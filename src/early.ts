import { startEarlyBoot } from './app/boot/early-boot';
import { publishEarlyBoot } from './app/boot/early-handle';
import { wireShell } from './app/boot/shell-handoff';

// The built page's first script, inlined at the top of index.html by vite-early-boot.ts as a
// classic script: it runs before the rest of the page is even parsed, with nothing fetched, so
// the lite workspace is live before any module arrives. src/boot.ts (the module entry) picks the
// workspace up; in dev, where nothing is inlined, boot.ts starts it itself.
publishEarlyBoot(startEarlyBoot());

// The shell's box is further down the page: wire it when parsing ends ('interactive' comes
// before any deferred module script runs, so Enter works from then on).
if (document.readyState === 'loading') document.addEventListener('readystatechange', () => wireShell(), { once: true });
else wireShell();
