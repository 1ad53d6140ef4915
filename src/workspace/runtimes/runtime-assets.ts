import urls from 'virtual:tidepool-runtimes';

// Where the page gets the runtimes' files: the two worker scripts and sucrase (bundled on their own) and
// CPython's loader, wasm and standard library, all copied into the build and served from the
// app's own origin (vite-runtimes.ts makes the module this reads).

export interface RuntimeAssetUrls {
  nodeWorker: string;
  /** sucrase, which a node worker loads only when a source needs it (node/sucrase-script.ts). */
  nodeSucrase: string;
  pythonWorker: string;
  pythonLoader: string;
  pythonWasm: string;
  pythonStdlib: string;
}

export function runtimeAssetUrls(): RuntimeAssetUrls {
  return urls;
}
