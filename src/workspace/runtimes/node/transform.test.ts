import { transform } from 'sucrase';
import { describe, expect, it } from 'vitest';
import { compileModule, locateSyntaxError, moduleFormat, useSucrase } from './transform';

useSucrase(() => transform);

describe('turning sources into module bodies', () => {
  it('strips TypeScript types and keeps every line where it was', () => {
    const source =
      'interface P { x: number }\nconst f = (p: P): number => p.x;\nthrow new Error(String(f({ x: 1 } as P)));\n';
    const code = compileModule(source, '/w/a.ts', 'commonjs');
    expect(code.split('\n')).toHaveLength(source.split('\n').length);
    expect(code.split('\n')[2]).toContain('throw new Error');
    expect(code).not.toMatch(/interface|: number|as P/);
  });

  it('turns ES modules into CommonJS and routes import() and import.meta to the loader', () => {
    const code = compileModule(
      "import x from './x.js';\nexport const y = await import('./y.js');\nconsole.log(import.meta.url, x);\n",
      '/w/m.mjs',
      'module',
    );
    expect(code).toContain("require('./x.js')");
    expect(code).toContain('__tidepool_meta.url');
    expect(code).not.toMatch(/\bimport\s*\(|import\.meta/);
  });

  it('leaves plain CommonJS alone (no strict mode forced on it)', () => {
    const source = "x = 5;\nmodule.exports = require('./y');\n";
    expect(compileModule(source, '/w/a.js', 'commonjs')).toBe(source);
  });

  it('decides the module format as Node does: extension, package type, then syntax', () => {
    expect(moduleFormat('/w/a.mjs', undefined, '')).toBe('module');
    expect(moduleFormat('/w/a.cjs', 'module', 'export {}')).toBe('commonjs');
    expect(moduleFormat('/w/a.js', 'module', '')).toBe('module');
    expect(moduleFormat('/w/a.js', undefined, "import fs from 'fs';")).toBe('module');
    expect(moduleFormat('/w/a.js', undefined, "const fs = require('fs'); // import x")).toBe('commonjs');
  });

  it('finds where a syntax error is', () => {
    expect(locateSyntaxError('const a = 1;\nlet = = 2;\n', '/w/a.js')).toEqual({ line: 2, column: expect.any(Number) });
  });
});
