import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Plugin } from 'vite';

// The lite backend previews a static site from a service worker on a second origin, so the
// site cannot read the app's storage (see docs/security.md). On loopback that origin is the
// next port: `vite` and `vite preview` serve the relay page and the worker there too. A deployment
// sets VITE_PREVIEW_ORIGIN to a sibling origin (e.g. preview.example.com) serving the same build.
const FILES: Record<string, string> = {
  '/preview-host.html': 'text/html; charset=utf-8',
  '/preview-sw.js': 'text/javascript; charset=utf-8',
};

function servePreviewOrigin(publicDir: string, port: number, host: string): Server {
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
      (body) => res.writeHead(200, { ...headers, 'Content-Type': type }).end(body),
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
  const attach = (http: Server | null | undefined): void => {
    http?.once('listening', () => {
      const address = http.address() as AddressInfo | null;
      if (!address || typeof address === 'string') return;
      const extra = servePreviewOrigin(publicDir, address.port + 1, address.address);
      http.once('close', () => extra.close());
    });
  };
  return {
    name: 'tidepool-preview-origin',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    configureServer(server) {
      attach(server.httpServer as Server | null);
    },
    configurePreviewServer(server) {
      attach(server.httpServer as Server);
    },
  };
}
