import type { SucraseTransform } from './transform';

// The page's node worker gets sucrase's script as a Blob in its boot message (it is two thirds of
// the runtime, which a worker then need not parse before its first program) and runs it on first
// need, synchronously, as require() must be: a classic worker may importScripts a blob: URL.

export const SUCRASE_GLOBAL = '__tidepool_sucrase';

// Taken before any program runs: a program shares this worker's globals and may replace them.
const scope = globalThis as unknown as { importScripts?: (...urls: string[]) => void } & Record<string, unknown>;
const importScripts = scope.importScripts?.bind(globalThis);
const { Blob: BlobClass, URL: URLClass } = globalThis;

export function sucraseFromScript(script: Blob): () => SucraseTransform {
  return () => {
    if (!importScripts) throw new Error('this worker cannot load scripts');
    const url = URLClass.createObjectURL(new BlobClass([script], { type: 'text/javascript' }));
    try {
      importScripts(url);
    } finally {
      URLClass.revokeObjectURL(url);
    }
    const transform = scope[SUCRASE_GLOBAL] as SucraseTransform | undefined;
    delete scope[SUCRASE_GLOBAL];
    if (typeof transform !== 'function') throw new Error('the TypeScript and ES module transform did not load');
    return transform;
  };
}
