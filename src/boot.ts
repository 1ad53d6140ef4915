import { startEarlyBoot } from './ui/early-boot';
import { showShellFailure, wireShell } from './ui/shell-handoff';
// In the entry, so Vite links it from index.html and the shell paints styled.
import './ui/styles.css';

// The page's entry: small on purpose. The message box in index.html already takes typing; here
// the lite workspace goes live and the box learns Enter, then the app (React, the controller)
// loads — its chunk is preloaded from index.html, so fetching it overlaps with this.
const early = startEarlyBoot();
wireShell();
import('./main')
  .then((app) => app.mount(early))
  .catch((error: unknown) => {
    console.error('[tidepool] the app failed to load:', error);
    showShellFailure(error);
  });
