import { useEffect, useState } from 'react';

/**
 * Dark or light now: the page's forced theme (`data-theme` on <html>, an embedding page's `theme`)
 * when there is one, else the system's preference.
 */
export function isDark(): boolean {
  const forced = typeof document === 'undefined' ? undefined : document.documentElement.dataset.theme;
  if (forced === 'dark' || forced === 'light') return forced === 'dark';
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/** isDark, live: follows the system's preference and a change of the forced theme. */
export function useDark(): boolean {
  const [dark, setDark] = useState(isDark);
  useEffect(() => {
    const query = matchMedia('(prefers-color-scheme: dark)');
    const on = (): void => setDark(isDark());
    query.addEventListener('change', on);
    const observer = new MutationObserver(on);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      query.removeEventListener('change', on);
      observer.disconnect();
    };
  }, []);
  return dark;
}
