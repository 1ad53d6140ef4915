import picomatch from 'picomatch';

/** True when a path relative to the search base lies in `.git`, or in `node_modules` unless that was asked for. */
export function isHiddenPath(rel: string, allowNodeModules: boolean): boolean {
  const p = `/${rel}`;
  if (p.includes('/.git/') || p.endsWith('/.git')) return true;
  return !allowNodeModules && (p.includes('/node_modules/') || p.endsWith('/node_modules'));
}

/**
 * A matcher over paths relative to the search base. As in ripgrep's --glob, a pattern without a slash matches
 * the file name at any depth; one with a slash matches the whole relative path. Leading `!` excludes.
 */
export function globMatcher(patterns: string[]): (rel: string) => boolean {
  const include: Array<(rel: string, name: string) => boolean> = [];
  const exclude: Array<(rel: string, name: string) => boolean> = [];
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    let pattern = negated ? raw.slice(1) : raw;
    if (pattern.startsWith('./')) pattern = pattern.slice(2);
    if (pattern.startsWith('/')) pattern = pattern.slice(1);
    if (pattern === '') continue;
    const m = picomatch(pattern, { dot: true });
    const test = pattern.includes('/') ? (rel: string) => m(rel) : (_rel: string, name: string) => m(name);
    (negated ? exclude : include).push(test);
  }
  return (rel) => {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (include.length && !include.some((t) => t(rel, name))) return false;
    return !exclude.some((t) => t(rel, name));
  };
}
