import type { Workspace } from '../../workspace/types';
import { sitePath } from './site-path';
import { injectPreviewHook } from './static-preview';

// The Tidepool side of the service-worker preview: what /preview/<id>/<path> answers, read from
// the in-page tree. Requests come from the preview origin, which runs untrusted code, so a request
// reaches only files under the site's own directory, and never .git.

export interface PreviewFile {
  status: number;
  type: string;
  body: Uint8Array;
  /** Set for a directory asked without its slash, so the page's relative URLs resolve inside it. */
  redirect?: string;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  cjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  bmp: 'image/bmp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  pdf: 'application/pdf',
};

export function contentType(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

const encoder = new TextEncoder();

function notFound(path: string): PreviewFile {
  const esc = path.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html><meta charset="utf-8"><title>404 Not found</title><body style="font:14px system-ui;padding:1em"><h1 style="font-size:1.1em">404 Not found</h1><p>No file at <code>${esc}</code> in the workspace.</p>`;
  return { status: 404, type: 'text/html; charset=utf-8', body: encoder.encode(body) };
}

/** The response for `path` (decoded, starting with "/") in the site whose root directory is `root`. */
export async function readPreviewFile(workspace: Workspace, root: string, path: string): Promise<PreviewFile> {
  const clean = path.startsWith('/') ? path : `/${path}`;
  let target = sitePath(workspace, root, clean);
  if (!target) return notFound(clean);
  let stat = await workspace.stat(target);
  if (stat?.kind === 'dir') {
    if (!clean.endsWith('/'))
      return {
        status: 301,
        type: 'text/plain',
        body: new Uint8Array(),
        redirect: `${clean.slice(clean.lastIndexOf('/') + 1)}/`,
      };
    target = `${target}/index.html`;
    stat = await workspace.stat(target);
  }
  if (stat?.kind !== 'file') return notFound(clean);
  const type = contentType(target);
  const bytes = await workspace.readFile(target);
  if (!type.startsWith('text/html')) return { status: 200, type, body: bytes };
  return { status: 200, type, body: encoder.encode(injectPreviewHook(new TextDecoder().decode(bytes))) };
}
