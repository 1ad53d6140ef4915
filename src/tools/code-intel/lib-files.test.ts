import { describe, expect, it } from 'vitest';
import { bundledLibs } from './lib-files';

describe("the worker's TypeScript lib files", () => {
  it('are bundled from the app (lazily, by name), so code intelligence works offline', async () => {
    expect(await bundledLibs('lib.es5.d.ts')).toContain('interface Array<T>');
    expect(await bundledLibs('lib.es2022.full.d.ts')).toContain('/// <reference lib="es2022" />');
    expect(await bundledLibs('lib.nonsense.d.ts')).toBeUndefined();
  });
});
