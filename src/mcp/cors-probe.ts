// In a page, a request the server's CORS policy refuses fails exactly like one to a host that is
// down: an opaque "TypeError: Failed to fetch". A `no-cors` request tells them apart: it succeeds
// (with an unreadable answer) when something is listening, and fails when nothing is.

export type CorsProbe = (url: string) => Promise<boolean>;

/** True when running in a page, where CORS applies at all. */
export function inPage(): boolean {
  return typeof document !== 'undefined' && typeof location !== 'undefined';
}

/** The page's origin, for messages that say which origin the server must allow. */
export function pageOrigin(): string | undefined {
  return inPage() ? location.origin : undefined;
}

/** True when `url` answers a no-cors request, i.e. the earlier failure was the CORS check. */
export const probeCors: CorsProbe = async (url) => {
  if (!inPage()) return false;
  try {
    await fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' });
    return true;
  } catch {
    return false;
  }
};
