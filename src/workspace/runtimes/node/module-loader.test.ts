import { transform } from 'sucrase';
import { describe, expect, it } from 'vitest';
import { ModuleLoader, exportTarget } from './module-loader';
import { useSucrase } from './transform';

useSucrase(() => transform);

function loaderFor(files: Record<string, string>) {
  const dirs = new Set<string>(['/']);
  for (const path of Object.keys(files))
    for (let d = path.slice(0, path.lastIndexOf('/')); d; d = d.slice(0, d.lastIndexOf('/'))) dirs.add(d);
  return new ModuleLoader(
    { readText: (p) => files[p] ?? null, isFile: (p) => p in files, isDir: (p) => dirs.has(p) },
    (name) => (name === 'path' ? { sep: '/' } : undefined),
    (name) => ['path', 'node:path'].includes(name),
    (code, filename) => (0, eval)(`${code}\n//# sourceURL=${filename}`),
  );
}

describe('require and import in the lite runtime', () => {
  it('resolves files, extensions, index files and package main from node_modules up the tree', () => {
    const loader = loaderFor({
      '/w/src/a.js': '',
      '/w/src/lib/index.ts': '',
      '/w/node_modules/pkg/package.json': '{"main": "dist/main"}',
      '/w/node_modules/pkg/dist/main.js': '',
      '/w/node_modules/@scope/thing/index.js': '',
    });
    expect(loader.resolve('./a', '/w/src', [])).toBe('/w/src/a.js');
    expect(loader.resolve('./lib', '/w/src', [])).toBe('/w/src/lib/index.ts');
    expect(loader.resolve('pkg', '/w/src', [])).toBe('/w/node_modules/pkg/dist/main.js');
    expect(loader.resolve('@scope/thing', '/w/src/lib', [])).toBe('/w/node_modules/@scope/thing/index.js');
    expect(loader.resolve('node:path', '/w', [])).toBe('node:path');
    expect(() => loader.resolve('./missing', '/w/src', ['/w/src/a.js'])).toThrow(
      "Cannot find module './missing'\nRequire stack:\n- /w/src/a.js",
    );
  });

  it('maps a TypeScript source’s ./x.js import to x.ts', () => {
    expect(loaderFor({ '/w/a.ts': '', '/w/b.ts': '' }).resolve('./b.js', '/w', [])).toBe('/w/b.ts');
  });

  it('honours package exports: conditions, subpaths and patterns', () => {
    const exports = {
      '.': { import: './esm.js', require: './cjs.cjs' },
      './feature': './f.js',
      './utils/*': './lib/utils/*.js',
    };
    expect(exportTarget(exports, '.', ['node', 'require', 'default'])).toBe('./cjs.cjs');
    expect(exportTarget(exports, '.', ['node', 'import', 'default'])).toBe('./esm.js');
    expect(exportTarget(exports, './feature', ['require'])).toBe('./f.js');
    expect(exportTarget(exports, './utils/strings', ['require'])).toBe('./lib/utils/strings.js');
    expect(exportTarget(exports, './private', ['require'])).toBeNull();
    expect(exportTarget('./only.js', '.', ['require'])).toBe('./only.js');
  });

  it('runs CommonJS with cycles as Node does, ES modules with live bindings, and JSON', async () => {
    const loader = loaderFor({
      '/w/a.js': "exports.early = 1; const b = require('./b'); exports.fromB = b.seenA;",
      '/w/b.js': "exports.seenA = require('./a').early;",
      '/w/counter.mjs': 'export let count = 0;\nexport function bump() { count++; }\n',
      '/w/main.mjs':
        "import { count, bump } from './counter.mjs';\nimport data from './data.json';\nbump();\nexport const seen = [count, data.n];\n",
      '/w/data.json': '{"n": 7}',
    });
    expect((await loader.runMain('/w/a.js')).exports).toEqual({ early: 1, fromB: 1 });
    expect((await loader.runMain('/w/main.mjs')).exports.seen).toEqual([1, 7]);
  });

  it('gives a syntax error its file, line and a caret', () => {
    const loader = loaderFor({ '/w/bad.js': 'const ok = 1;\nconst = 2;\n' });
    expect(() => loader.load('/w/bad.js', null)).toThrow(
      expect.objectContaining({ stack: expect.stringMatching(/^\/w\/bad\.js:2\nconst = 2;\n +\^\n\nSyntaxError: /) }),
    );
  });
});
