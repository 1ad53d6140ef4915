import { resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { parseOriginList } from './src/lib/embed-protocol';

// The embed API's two build-time parts:
// - the host SDK (src/embed/sdk.ts) built on its own into `dist/embed.js`, one small ES module
//   with nothing of the app in it, and served at /embed.js by the dev server and `vite preview`
//   with `Access-Control-Allow-Origin: *` (a host page on another origin imports it);
// - TIDEPOOL_EMBED_ORIGINS (space- or comma-separated origins, `https://*.example.com` for
//   subdomains), the host pages allowed to drive an embedded Tidepool, baked into the app as
//   `__TIDEPOOL_EMBED_ORIGINS__`. Unset, only loopback pages may, and only while the app itself is
//   on loopback (dev and tests). vite-csp.ts adds the same origins to frame-ancestors.

export const EMBED_SDK_ENTRY = 'src/embed/sdk.ts';

function corsForSdk(req: { url?: string }, res: { setHeader(name: string, value: string): void }): void {
  if (req.url?.split('?')[0] === '/embed.js') {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  }
}

/** Builds the SDK alone into `outDir`/embed.js: one ES module, minified, nothing of the app. */
export async function buildEmbedSdk(root: string, outDir: string): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      sourcemap: false,
      lib: { entry: resolve(root, EMBED_SDK_ENTRY), formats: ['es'], fileName: () => 'embed.js' },
    },
  });
}

export function embedSdk(): Plugin {
  let outDir = 'dist';
  let root = process.cwd();
  let isBuild = false;
  return {
    name: 'tidepool:embed-sdk',
    config(_config, { command }) {
      isBuild = command === 'build';
      const origins = parseOriginList(process.env.TIDEPOOL_EMBED_ORIGINS, 'TIDEPOOL_EMBED_ORIGINS');
      return { define: { __TIDEPOOL_EMBED_ORIGINS__: JSON.stringify(origins) } };
    },
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        corsForSdk(req, res);
        // In dev the module is served straight from source (Vite compiles it on request).
        if (req.url?.split('?')[0] === '/embed.js') req.url = `/${EMBED_SDK_ENTRY}`;
        next();
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        corsForSdk(req, res);
        next();
      });
    },
    async closeBundle() {
      if (isBuild) await buildEmbedSdk(root, outDir);
    },
  };
}
