import urls from 'virtual:tidepool-runtimes';

// Where the page gets the runtimes' files: the two worker scripts (bundled on their own) and
// CPython's loader, wasm and standard library, all copied into the build and served from the
// app's own origin (vite-runtimes.ts makes the module this reads).

export interface RuntimeAssetUrls {
  nodeWorker: string;
  pythonWorker: string;
  pythonLoader: string;
  pythonWasm: string;
  pythonStdlib: string;
}

export function runtimeAssetUrls(): RuntimeAssetUrls {
  return urls;
}
