// TypeScript's lib .d.ts files for the worker, served from the app's own origin (offline): each is a
// lazy chunk, loaded when the project's options first need it.
import type { LibLoader } from './protocol';

const libs = import.meta.glob<string>('/node_modules/typescript/lib/lib.*.d.ts', { query: '?raw', import: 'default' });

export const bundledLibs: LibLoader = async (fileName) => {
  const load = libs[`/node_modules/typescript/lib/${fileName}`];
  return load ? load() : undefined;
};
