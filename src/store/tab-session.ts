// Which stored session this very tab had open, kept in sessionStorage: it survives a reload of the
// tab, not other tabs, so a reload can take its own lease back instead of waiting for it to go stale.

const KEY = 'tidepool:tab-session';

export function readTabSession(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function writeTabSession(id: string): void {
  try {
    sessionStorage.setItem(KEY, id);
  } catch {
    // Storage refused: a reload then waits for the old lease to go stale, nothing worse.
  }
}
