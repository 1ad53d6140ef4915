// Node's `path` module (POSIX flavour: the lite workspace is a POSIX tree).

export interface ParsedPath {
  root: string;
  dir: string;
  base: string;
  ext: string;
  name: string;
}

function check(path: unknown, name = 'path'): asserts path is string {
  if (typeof path !== 'string') {
    const error = new TypeError(`The "${name}" argument must be of type string. Received ${typeof path}`);
    (error as TypeError & { code: string }).code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
}

function normalizeParts(path: string, absolute: boolean): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  return out.join('/');
}

export function createPath(cwd: () => string) {
  const normalize = (path: string): string => {
    check(path);
    if (path === '') return '.';
    const absolute = path.startsWith('/');
    const trailing = path.endsWith('/');
    let out = normalizeParts(path, absolute);
    if (!out && !absolute) out = '.';
    if (out && trailing) out += '/';
    return absolute ? `/${out}` : out;
  };
  const resolve = (...paths: string[]): string => {
    let resolved = '';
    let absolute = false;
    for (let i = paths.length - 1; i >= -1 && !absolute; i--) {
      const path = i >= 0 ? paths[i] : cwd();
      check(path, `paths[${i}]`);
      if (!path) continue;
      resolved = `${path}/${resolved}`;
      absolute = path.startsWith('/');
    }
    const out = normalizeParts(resolved, absolute);
    return absolute ? `/${out}` : out || '.';
  };
  const dirname = (path: string): string => {
    check(path);
    if (!path) return '.';
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
    const i = trimmed.lastIndexOf('/');
    if (i === -1) return '.';
    if (i === 0) return '/';
    return trimmed.slice(0, i).replace(/\/+$/, '') || '/';
  };
  const basename = (path: string, ext?: string): string => {
    check(path);
    const trimmed = path.replace(/\/+$/, '');
    let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
    if (ext !== undefined && base !== ext && base.endsWith(ext)) base = base.slice(0, -ext.length);
    return base;
  };
  const extname = (path: string): string => {
    check(path);
    const base = basename(path);
    const dot = base.lastIndexOf('.');
    if (dot <= 0) return '';
    return base.slice(dot);
  };
  const relative = (from: string, to: string): string => {
    check(from, 'from');
    check(to, 'to');
    const a = resolve(from).split('/').filter(Boolean);
    const b = resolve(to).split('/').filter(Boolean);
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
  };
  const parse = (path: string): ParsedPath => {
    check(path);
    const root = path.startsWith('/') ? '/' : '';
    const base = basename(path);
    const ext = extname(path);
    let dir = dirname(path);
    if (dir === '.' && !path.includes('/')) dir = '';
    return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
  };
  const format = (p: Partial<ParsedPath>): string => {
    const dir = p.dir || p.root || '';
    const base = p.base || `${p.name ?? ''}${p.ext ? (p.ext.startsWith('.') ? p.ext : `.${p.ext}`) : ''}`;
    if (!dir) return base;
    return dir === p.root ? `${dir}${base}` : `${dir}/${base}`;
  };
  const join = (...paths: string[]): string => {
    paths.forEach((p, i) => check(p, `paths[${i}]`));
    const joined = paths.filter(Boolean).join('/');
    return joined ? normalize(joined) : '.';
  };
  const matchesGlob = (path: string, pattern: string): boolean => {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '\u0000')
      .replace(/\*\*/g, '.*')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')
      .replace(/\u0000/g, '(?:.*/)?');
    return new RegExp(`^${source}$`).test(path);
  };
  const posix = {
    sep: '/',
    delimiter: ':',
    normalize,
    resolve,
    join,
    dirname,
    basename,
    extname,
    relative,
    parse,
    format,
    matchesGlob,
    isAbsolute: (path: string) => (check(path), path.startsWith('/')),
    toNamespacedPath: (path: string) => path,
    posix: undefined as unknown,
    win32: undefined as unknown,
  };
  posix.posix = posix;
  posix.win32 = posix;
  return posix;
}

export type PathModule = ReturnType<typeof createPath>;
