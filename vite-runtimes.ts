import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin, type Rolldown, type ViteDevServer } from 'vite';

// The lite workspace's program runtimes, as files of the app's own origin (offline, no CDN):
// each runtime worker is bundled on its own into one classic script (the page hands its text to a
// sandboxed frame, which starts it from a blob: URL, so it cannot import anything), and CPython's
// Emscripten loader, wasm and standard library (the build just-bash ships) are copied as assets.
// `virtual:tidepool-runtimes` gives their URLs; in dev they are served by a middleware.

const VIRTUAL = 'virtual:tidepool-runtimes';
const RESOLVED = `\0${VIRTUAL}`;
const DEV_PREFIX = '/@tidepool-runtimes/';

const WORKERS = {
  nodeWorker: { entry: 'src/workspace/runtimes/node/browser-entry.ts', file: 'node-runtime.js' },
  nodeSucrase: { entry: 'src/workspace/runtimes/node/sucrase-entry.ts', file: 'node-sucrase.js' },
  pythonWorker: { entry: 'src/workspace/runtimes/python/browser-entry.ts', file: 'python-runtime.js' },
} as const;

function pythonFiles(root: string) {
  const require = createRequire(join(root, 'package.json'));
  const dir = join(dirname(require.resolve('just-bash')), '..', '..', 'vendor', 'cpython-emscripten');
  return {
    pythonLoader: { path: join(dir, 'python.cjs'), file: 'python.cjs.js' },
    pythonWasm: { path: join(dir, 'python.wasm'), file: 'python.wasm' },
    pythonStdlib: { path: join(dir, 'python313.zip'), file: 'python313.zip' },
  };
}

async function bundleWorker(root: string, entry: string): Promise<string> {
  const output = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      copyPublicDir: false,
      minify: true,
      lib: { entry: resolve(root, entry), formats: ['iife'], name: 'tidepoolRuntime' },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((f): f is Rolldown.OutputChunk => f.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`runtimes: expected one script for ${entry}, got ${chunks.length}`);
  return chunks[0].code;
}

export function runtimeAssets(): Plugin {
  let root = process.cwd();
  let serving = false;
  const devCache = new Map<string, Promise<string>>();
  return {
    name: 'tidepool:runtime-assets',
    configResolved(config) {
      root = config.root;
      serving = config.command === 'serve';
    },
    resolveId(id) {
      return id === VIRTUAL ? RESOLVED : null;
    },
    async load(id) {
      if (id !== RESOLVED) return null;
      const python = pythonFiles(root);
      if (serving) {
        const urls = Object.fromEntries(
          [...Object.entries(WORKERS), ...Object.entries(python)].map(([key, { file }]) => [
            key,
            `${DEV_PREFIX}${file}`,
          ]),
        );
        return `export default ${JSON.stringify(urls)};`;
      }
      const refs: string[] = [];
      for (const [key, { entry, file }] of Object.entries(WORKERS)) {
        const ref = this.emitFile({ type: 'asset', name: file, source: await bundleWorker(root, entry) });
        refs.push(`${JSON.stringify(key)}: import.meta.ROLLUP_FILE_URL_${ref}`);
      }
      for (const [key, { path, file }] of Object.entries(python)) {
        const ref = this.emitFile({ type: 'asset', name: file, source: readFileSync(path) });
        refs.push(`${JSON.stringify(key)}: import.meta.ROLLUP_FILE_URL_${ref}`);
      }
      return `export default { ${refs.join(', ')} };`;
    },
    configureServer(server: ViteDevServer) {
      const python = pythonFiles(root);
      server.watcher.on('change', (path) => {
        if (path.includes(`${join('src', 'workspace', 'runtimes')}`)) devCache.clear();
      });
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith(DEV_PREFIX)) return next();
        const file = req.url.slice(DEV_PREFIX.length).split('?')[0];
        const worker = Object.values(WORKERS).find((w) => w.file === file);
        const asset = Object.values(python).find((p) => p.file === file);
        if (worker) {
          let code = devCache.get(file);
          if (!code) devCache.set(file, (code = bundleWorker(root, worker.entry)));
          code.then(
            (text) => {
              res.setHeader('Content-Type', 'text/javascript');
              res.end(text);
            },
            (error: Error) => {
              devCache.delete(file);
              res.statusCode = 500;
              res.end(error.message);
            },
          );
          return;
        }
        if (asset) {
          res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream');
          res.end(readFileSync(asset.path));
          return;
        }
        next();
      });
    },
  };
}
