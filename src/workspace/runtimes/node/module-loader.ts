import { compileModule, IMPORT_FN, IMPORT_META, locateSyntaxError, moduleFormat, type ModuleFormat } from './transform';

// require() and import for the lite runtime: Node's resolution (relative files with extensions
// and index files, node_modules walked upward, package.json "exports"/"main"), CommonJS with its
// module wrapper, ES modules and TypeScript through transform.ts, JSON files, and `node:` builtins.

export interface LoaderFiles {
  /** The file's text, or null when there is no file there. */
  readText(path: string): string | null;
  isFile(path: string): boolean;
  isDir(path: string): boolean;
}

export interface NodeModule {
  id: string;
  filename: string;
  path: string;
  exports: any;
  loaded: boolean;
  parent: NodeModule | null;
  children: NodeModule[];
  paths: string[];
  require: NodeRequire;
  /** ES modules with top-level await: settles when the body has run. */
  evaluation?: Promise<void>;
}

export interface NodeRequire {
  (request: string): any;
  resolve: ((request: string, options?: { paths?: string[] }) => string) & { paths(request: string): string[] | null };
  cache: Record<string, NodeModule>;
  main: NodeModule | undefined;
  extensions: Record<string, unknown>;
}

type Evaluate = (code: string, filename: string) => (...args: unknown[]) => unknown;

const EXTENSIONS = ['.js', '.json', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx'];
const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
};

export function moduleNotFound(request: string, stack: string[]): Error {
  const lines = stack.length ? `\nRequire stack:\n${stack.map((s) => `- ${s}`).join('\n')}` : '';
  return Object.assign(new Error(`Cannot find module '${request}'${lines}`), {
    code: 'MODULE_NOT_FOUND',
    requireStack: stack,
  });
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function join(base: string, rel: string): string {
  const out: string[] = [];
  for (const part of `${base}/${rel}`.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

export class ModuleLoader {
  readonly cache: Record<string, NodeModule> = Object.create(null);
  main: NodeModule | undefined;
  private readonly packages = new Map<string, Record<string, any> | null>();

  constructor(
    private readonly files: LoaderFiles,
    private readonly builtin: (name: string) => unknown,
    private readonly isBuiltin: (name: string) => boolean,
    private readonly evaluate: Evaluate,
  ) {}

  /** Runs `filename` as the main module; resolves once its body (and any top-level await) finished. */
  async runMain(filename: string): Promise<NodeModule> {
    const module = this.load(filename, null, true);
    await module.evaluation;
    return module;
  }

  /** Runs source text as a module (node -e / -p, --input-type=module) in `cwd`. */
  evalSource(
    source: string,
    cwd: string,
    format: ModuleFormat,
    name = '[eval]',
  ): { module: NodeModule; result: unknown } {
    const filename = `${cwd === '/' ? '' : cwd}/${name}`;
    const module = this.create(filename, null);
    this.main = module;
    const code = compileModule(source, `${filename}.${format === 'module' ? 'mjs' : 'js'}`, format);
    // -p prints the value of the last expression: eval gives completion values, a function body does not.
    const run = this.evaluate(
      `(function (exports, require, module, __filename, __dirname, ${IMPORT_FN}, ${IMPORT_META}) { return eval(${JSON.stringify(code)}); })`,
      filename,
    );
    const result = run.call(
      module.exports,
      module.exports,
      module.require,
      module,
      filename,
      cwd,
      this.importer(module),
      this.meta(module, true),
    );
    module.loaded = true;
    return { module, result };
  }

  resolve(request: string, fromDir: string, stack: string[], conditions = ['node', 'require', 'default']): string {
    if (this.isBuiltin(request)) return request.startsWith('node:') ? request : `node:${request}`;
    if (request.startsWith('file://')) request = decodeURIComponent(new URL(request).pathname);
    if (
      request.startsWith('/') ||
      request === '.' ||
      request === '..' ||
      request.startsWith('./') ||
      request.startsWith('../')
    ) {
      const path = request.startsWith('/') ? join('/', request) : join(fromDir, request);
      const found = this.asFile(path) ?? this.asDirectory(path);
      if (found) return found;
      throw moduleNotFound(request, stack);
    }
    const [name, subpath] = splitPackage(request);
    for (let dir = fromDir; ; dir = dirOf(dir)) {
      if (!dir.endsWith('/node_modules')) {
        const root = join(dir, `node_modules/${name}`);
        if (this.files.isDir(root)) {
          const found = this.fromPackage(root, subpath, conditions);
          if (found) return found;
        }
      }
      if (dir === '/') break;
    }
    throw moduleNotFound(request, stack);
  }

  load(filename: string, parent: NodeModule | null, isMain = false): NodeModule {
    const cached = this.cache[filename];
    if (cached) return cached;
    const module = this.create(filename, parent);
    if (isMain) this.main = module;
    this.cache[filename] = module;
    try {
      this.execute(module);
    } catch (error) {
      delete this.cache[filename];
      throw error;
    }
    return module;
  }

  private create(filename: string, parent: NodeModule | null): NodeModule {
    const module: NodeModule = {
      id: parent ? filename : '.',
      filename,
      path: dirOf(filename),
      exports: {},
      loaded: false,
      parent,
      children: [],
      paths: this.lookupPaths(dirOf(filename)),
      require: null as unknown as NodeRequire,
    };
    module.require = this.makeRequire(module);
    parent?.children.push(module);
    return module;
  }

  makeRequire(module: NodeModule): NodeRequire {
    const stack = () => {
      const out: string[] = [];
      for (let m: NodeModule | null = module; m; m = m.parent) out.push(m.filename);
      return out;
    };
    const require = ((request: string) => {
      if (typeof request !== 'string') throw new TypeError('The "id" argument must be of type string.');
      const resolved = this.resolve(request, module.path, stack());
      if (resolved.startsWith('node:')) return this.builtin(resolved.slice(5));
      return this.load(resolved, module).exports;
    }) as NodeRequire;
    const resolve = (request: string, options?: { paths?: string[] }) => {
      const dirs = options?.paths ?? [module.path];
      for (const dir of dirs) {
        try {
          return this.resolve(request, dir, stack());
        } catch {
          // try the next directory
        }
      }
      throw moduleNotFound(request, stack());
    };
    require.resolve = Object.assign(resolve, {
      paths: (request: string) => (this.isBuiltin(request) ? null : this.lookupPaths(module.path)),
    });
    require.cache = this.cache;
    require.extensions = { '.js': null, '.json': null };
    Object.defineProperty(require, 'main', { get: () => this.main, enumerable: true });
    return require;
  }

  private execute(module: NodeModule): void {
    const { filename } = module;
    const source = this.files.readText(filename) ?? '';
    if (filename.endsWith('.json')) {
      try {
        module.exports = JSON.parse(source);
      } catch (error) {
        throw Object.assign(new SyntaxError(`${filename}: ${(error as Error).message}`), {});
      }
      module.loaded = true;
      return;
    }
    const format = moduleFormat(filename, this.packageType(module.path), source);
    const code = compileModule(source, filename, format);
    const args = [
      module.exports,
      module.require,
      module,
      filename,
      module.path,
      this.importer(module),
      this.meta(module, module === this.main),
    ];
    let fn: (...a: unknown[]) => unknown;
    try {
      fn = this.evaluate(wrapper(code, false), filename);
    } catch (error) {
      // Top-level await is only valid in an async body: an ES module that uses it gets one.
      if (format === 'module' && error instanceof SyntaxError && /await/.test(error.message)) {
        fn = this.evaluate(wrapper(code, true), filename);
      } else throw this.syntaxError(error, source, filename);
    }
    const result = fn.apply(module.exports, args);
    if (result instanceof Promise) {
      module.evaluation = result.then(() => {
        module.loaded = true;
      });
    } else module.loaded = true;
  }

  private syntaxError(error: unknown, source: string, filename: string): unknown {
    if (!(error instanceof SyntaxError)) return error;
    const at = locateSyntaxError(source, filename);
    const line = at ? source.split('\n')[at.line - 1] : undefined;
    const where = at
      ? `${filename}:${at.line}\n${line ?? ''}\n${' '.repeat(Math.max(0, at.column - 1))}^\n\n`
      : `${filename}\n\n`;
    error.stack = `${where}SyntaxError: ${error.message}`;
    return Object.assign(error, { tidepoolPrinted: true });
  }

  private importer(module: NodeModule) {
    return async (specifier: string) => {
      const resolved = this.resolve(String(specifier), module.path, [module.filename], ['node', 'import', 'default']);
      if (resolved.startsWith('node:')) return namespaceOf(this.builtin(resolved.slice(5)));
      const target = this.load(resolved, module);
      await target.evaluation;
      return namespaceOf(target.exports);
    };
  }

  private meta(module: NodeModule, isMain: boolean) {
    return {
      url: `file://${module.filename}`,
      filename: module.filename,
      dirname: module.path,
      main: isMain,
      resolve: (specifier: string) => {
        const resolved = this.resolve(specifier, module.path, [module.filename], ['node', 'import', 'default']);
        return resolved.startsWith('node:') ? resolved : `file://${resolved}`;
      },
    };
  }

  private lookupPaths(dir: string): string[] {
    const out: string[] = [];
    for (let d = dir; ; d = dirOf(d)) {
      if (!d.endsWith('/node_modules')) out.push(join(d, 'node_modules'));
      if (d === '/') return out;
    }
  }

  private asFile(path: string): string | null {
    if (this.files.isFile(path)) return path;
    for (const ext of EXTENSIONS) if (this.files.isFile(path + ext)) return path + ext;
    // TypeScript sources import './x.js' for x.ts (what tsc and tsx accept).
    const ext = /\.[cm]?jsx?$/.exec(path)?.[0];
    for (const alt of ext ? (TS_FOR_JS[ext] ?? []) : []) {
      const candidate = path.slice(0, -ext!.length) + alt;
      if (this.files.isFile(candidate)) return candidate;
    }
    return null;
  }

  private asDirectory(path: string): string | null {
    if (!this.files.isDir(path)) return null;
    const pkg = this.packageJson(path);
    if (pkg && typeof pkg.main === 'string') {
      const main = join(path, pkg.main);
      const found = this.asFile(main) ?? this.asIndex(main);
      if (found) return found;
    }
    return this.asIndex(path);
  }

  private asIndex(path: string): string | null {
    for (const ext of EXTENSIONS) if (this.files.isFile(`${path}/index${ext}`)) return `${path}/index${ext}`;
    return null;
  }

  private fromPackage(root: string, subpath: string, conditions: string[]): string | null {
    const pkg = this.packageJson(root);
    if (pkg?.exports !== undefined && pkg.exports !== null) {
      const target = exportTarget(pkg.exports, subpath, conditions);
      if (target) return this.asFile(join(root, target));
      if (subpath === '.' || !pkg.exports || typeof pkg.exports !== 'object') return null;
    }
    const path = subpath === '.' ? root : join(root, subpath);
    return subpath === '.' ? this.asDirectory(path) : (this.asFile(path) ?? this.asDirectory(path));
  }

  private packageJson(dir: string): Record<string, any> | null {
    if (this.packages.has(dir)) return this.packages.get(dir)!;
    let pkg: Record<string, any> | null = null;
    const text = this.files.readText(`${dir === '/' ? '' : dir}/package.json`);
    if (text !== null) {
      try {
        pkg = JSON.parse(text);
      } catch {
        pkg = null;
      }
    }
    this.packages.set(dir, pkg);
    return pkg;
  }

  /** The "type" of the nearest package.json above `dir`. */
  private packageType(dir: string): string | undefined {
    for (let d = dir; ; d = dirOf(d)) {
      const pkg = this.packageJson(d);
      if (pkg) return typeof pkg.type === 'string' ? pkg.type : undefined;
      if (d === '/') return undefined;
    }
  }
}

function wrapper(code: string, async: boolean): string {
  return `(${async ? 'async ' : ''}function (exports, require, module, __filename, __dirname, ${IMPORT_FN}, ${IMPORT_META}) {${code}\n})`;
}

function splitPackage(request: string): [string, string] {
  const parts = request.split('/');
  const count = request.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, count).join('/');
  const rest = parts.slice(count).join('/');
  return [name, rest ? `./${rest}` : '.'];
}

/** What `import x from 'pkg'` sees: ES modules as they are, CommonJS as `default` plus its keys. */
export function namespaceOf(exports: any): any {
  if (exports && exports.__esModule) return exports;
  const ns: Record<string, unknown> = Object.create(null);
  if (exports && (typeof exports === 'object' || typeof exports === 'function')) {
    for (const key of Object.keys(exports)) ns[key] = exports[key];
  }
  ns.default = exports;
  return ns;
}

/** Resolves package.json "exports" for a subpath under the given conditions (patterns included). */
export function exportTarget(exports: unknown, subpath: string, conditions: string[]): string | null {
  const pick = (target: unknown, star?: string): string | null => {
    if (typeof target === 'string') return star === undefined ? target : target.replace(/\*/g, star);
    if (Array.isArray(target)) {
      for (const t of target) {
        const r = pick(t, star);
        if (r) return r;
      }
      return null;
    }
    if (target && typeof target === 'object') {
      for (const [key, value] of Object.entries(target)) {
        if (key === 'default' || conditions.includes(key)) {
          const r = pick(value, star);
          if (r) return r;
        }
      }
    }
    return null;
  };
  const isMap =
    exports &&
    typeof exports === 'object' &&
    !Array.isArray(exports) &&
    Object.keys(exports).some((k) => k.startsWith('.'));
  if (!isMap) return subpath === '.' ? pick(exports) : null;
  const map = exports as Record<string, unknown>;
  if (subpath in map) return pick(map[subpath]);
  for (const key of Object.keys(map).sort((a, b) => b.length - a.length)) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const before = key.slice(0, star);
    const after = key.slice(star + 1);
    if (subpath.startsWith(before) && subpath.endsWith(after) && subpath.length >= key.length - 1) {
      return pick(map[key], subpath.slice(before.length, subpath.length - after.length));
    }
  }
  return null;
}
