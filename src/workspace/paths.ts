import { WorkspaceError } from './types';

// POSIX path helpers shared by the tree, the shell adapter and the workspace. No node:path: this runs in the page.

const NEEDS_WORK = /\/\/|\/\.\.?(\/|$)|\/$/;

/** Collapses `//`, `.` and `..` and drops a trailing slash. `..` above `/` stays at `/`. */
export function normalizePath(path: string): string {
  if (path.length > 1 && path[0] === '/' && !NEEDS_WORK.test(path)) return path; // the common case, on every tree op
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p !== '').join('/'));
}

/** Parent directory of an absolute normalised path (`/` for `/`). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `root` or lies beneath it (both absolute and normalised). */
export function isUnder(root: string, path: string): boolean {
  if (root === '/') return path.startsWith('/');
  return path === root || path.startsWith(`${root}/`);
}

/**
 * Resolves `path` against `root` and confines it there: relative paths are taken from the root,
 * absolute ones must already lie under it. Throws WorkspaceError('EOUTSIDE') otherwise.
 */
export function resolveInRoot(root: string, path: string): string {
  const base = normalizePath(root);
  const resolved = path.startsWith('/') ? normalizePath(path) : normalizePath(`${base}/${path}`);
  if (!isUnder(base, resolved)) {
    throw new WorkspaceError(
      'EOUTSIDE',
      path,
      `EOUTSIDE: '${path}' resolves to '${resolved}', outside the workspace root '${base}'. ` +
        `Use a path under ${base} or one relative to it.`,
    );
  }
  return resolved;
}

/** A path relative to the root for display (`src/a.ts`); `.` for the root; unchanged when outside it. */
export function toRelative(root: string, abs: string): string {
  const base = normalizePath(root);
  const path = normalizePath(abs);
  if (path === base) return '.';
  if (!isUnder(base, path)) return path;
  return base === '/' ? path.slice(1) : path.slice(base.length + 1);
}
