import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

// The lite backend previews a static site from a service worker on a second origin, so the
// site cannot read the app's storage (see docs/security.md). On loopback that origin is the
// next port: `vite` and `vite preview` serve the relay page and the worker there too. A deployment
// sets VITE_PREVIEW_ORIGIN to a sibling origin (e.g. preview.example.com) serving the same build,
// and VITE_APP_ORIGIN to the app's own origin: the relay answers that one page only.
const FILES: Record<string, string> = {
  '/preview-host.html': 'text/html; charset=utf-8',
  '/preview-host.js': 'text/javascript; charset=utf-8',
  '/preview-sw.js': 'text/javascript; charset=utf-8',
};

const RELAY_SCRIPT = 'preview-host.js';
const BUILT_FOR = /\/\* tidepool:app-origin \*\/ '[^']*'/;

/** The origins a build is for, checked: a preview origin needs the app origin its relay will answer. */
export function previewTarget(env: Record<string, string | undefined>): { previewOrigin?: string; appOrigin?: string } {
  const origin = (name: string): string | undefined => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${name} (${value}) is not a URL; give an origin such as https://tidepool.example`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} (${value}) is not http(s)`);
    return url.origin;
  };
  const previewOrigin = origin('VITE_PREVIEW_ORIGIN');
  const appOrigin = origin('VITE_APP_ORIGIN');
  if (previewOrigin && !appOrigin)
    throw new Error(
      'VITE_PREVIEW_ORIGIN is set without VITE_APP_ORIGIN: set it to the origin Tidepool is served from, the only page the preview relay will answer.',
    );
  return { previewOrigin, appOrigin };
}

/** The relay script answering `appOrigin` only ('' keeps its loopback rule: the app one port below). */
export function relayScriptFor(source: string, appOrigin: string): string {
  if (!BUILT_FOR.test(source)) throw new Error(`${RELAY_SCRIPT} lost its tidepool:app-origin marker`);
  return source.replace(BUILT_FOR, () => `/* tidepool:app-origin */ ${JSON.stringify(appOrigin)}`);
}

function servePreviewOrigin(publicDir: string, port: number, host: string, appOrigin: string): Server {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = {
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    const type = FILES[path];
    if (!type) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Tidepool preview origin: nothing here.');
      return;
    }
    readFile(join(publicDir, path)).then(
      (body) =>
        res
          .writeHead(200, { ...headers, 'Content-Type': type })
          .end(path === `/${RELAY_SCRIPT}` ? relayScriptFor(body.toString('utf8'), appOrigin) : body),
      () => res.writeHead(404, headers).end(),
    );
  });
  // A busy port only costs the preview its own origin: Tidepool then shows the inline preview.
  server.on('error', (e) => console.warn(`[tidepool] preview origin not served on port ${port}: ${e.message}`));
  server.listen(port, host);
  return server;
}

export function previewOrigin(): Plugin {
  let publicDir = 'public';
  let outDir = 'dist';
  let appOrigin = '';
  const attach = (http: Server | null | undefined): void => {
    http?.once('listening', () => {
      const address = http.address() as AddressInfo | null;
      if (!address || typeof address === 'string') return;
      const extra = servePreviewOrigin(publicDir, address.port + 1, address.address, appOrigin);
      http.once('close', () => extra.close());
    });
  };
  return {
    name: 'tidepool-preview-origin',
    configResolved(config) {
      publicDir = config.publicDir;
      outDir = resolve(config.root, config.build.outDir);
      appOrigin = previewTarget({ ...config.env, ...process.env }).appOrigin ?? '';
    },
    // The build's copy of the relay script learns the app origin it answers.
    async writeBundle() {
      const file = join(outDir, RELAY_SCRIPT);
      await writeFile(file, relayScriptFor(await readFile(file, 'utf8'), appOrigin));
    },
    configureServer(server) {
      attach(server.httpServer as Server | null);
    },
    configurePreviewServer(server) {
      attach(server.httpServer as Server);
    },
  };
}
