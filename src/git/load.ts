// isomorphic-git is loaded on the first git command (≈77 KB gz with `buffer`), never at startup.
// It reaches for a global `Buffer` at call time, which browsers lack: install one first.

export type IsoGit = typeof import('isomorphic-git');

let loading: Promise<IsoGit> | null = null;

export function loadIsoGit(): Promise<IsoGit> {
  if (!loading) {
    loading = (async () => {
      const g = globalThis as { Buffer?: unknown };
      if (typeof g.Buffer === 'undefined') g.Buffer = (await import('buffer')).Buffer;
      (await import('./fast-inflate')).installFastInflate();
      const mod = (await import('isomorphic-git')) as IsoGit & { default?: IsoGit };
      // The CJS build (Node) arrives as a namespace whose functions may sit on `default`.
      return typeof mod.clone === 'function' ? mod : (mod.default as IsoGit);
    })();
    loading.catch(() => (loading = null));
  }
  return loading;
}
