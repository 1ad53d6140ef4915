import type { Workspace } from '../../workspace/types';
import { PREVIEW_HOOK } from './preview-hook';
import { sitePath } from './site-path';

// The inline preview, used when the service-worker preview cannot run (no separate preview origin,
// or the browser refuses the worker): index.html's CSS, scripts and images are inlined from the
// in-page tree into one document shown in an iframe sandboxed without allow-same-origin. Its
// origin is opaque, so it cannot read the app's IndexedDB (keys, sessions), cookies or storage,
// and the app reads nothing from it but the messages the hook below posts. fetch(), module
// imports, CSS url()s and links to other pages do not work here: see preview-files.ts for the
// served preview.

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  ico: 'image/x-icon',
};

/** The HTML with the hook as the first script of its head, so it sees the page's own errors. */
export function injectPreviewHook(html: string): string {
  return /<head(\s[^>]*)?>/i.test(html)
    ? html.replace(/<head(\s[^>]*)?>/i, (h) => h + PREVIEW_HOOK)
    : PREVIEW_HOOK + html;
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The index.html to show: the root's, else the shallowest one. */
export async function findIndex(workspace: Workspace): Promise<string | null> {
  const all = (await workspace.listFiles()).filter(
    (p) => p.endsWith('/index.html') && !p.includes('/node_modules/') && !p.includes('/.git/'),
  );
  return all.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))[0] ?? null;
}

export async function buildStaticPreview(workspace: Workspace, indexPath: string): Promise<string> {
  const dir = indexPath.slice(0, indexPath.lastIndexOf('/'));
  /** A file in the site folder, or null: URLs elsewhere are left for the browser, which cannot load them. */
  const resolve = (ref: string): string | null => {
    if (/^([a-z][a-z0-9+.-]*:|[/\\]{2}|#)/i.test(ref)) return null;
    return sitePath(workspace, dir, ref.split(/[?#]/)[0]);
  };
  const text = async (ref: string): Promise<string | null> => {
    const path = resolve(ref);
    return path ? workspace.readText(path).catch(() => null) : null;
  };
  let html = await workspace.readText(indexPath);
  const replaceAsync = async (re: RegExp, fn: (m: RegExpExecArray) => Promise<string>): Promise<void> => {
    const parts: string[] = [];
    let last = 0;
    for (const m of html.matchAll(re)) {
      parts.push(html.slice(last, m.index), await fn(m as RegExpExecArray));
      last = m.index! + m[0].length;
    }
    html = parts.join('') + html.slice(last);
  };
  await replaceAsync(/<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>/gi, async (m) => {
    const href = /\bhref=["']([^"']+)["']/i.exec(m[0])?.[1];
    const css = href ? await text(href) : null;
    return css === null ? m[0] : `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`;
  });
  await replaceAsync(/<script\b([^>]*)\bsrc=["']([^"']+)["']([^>]*)><\/script>/gi, async (m) => {
    const js = await text(m[2]);
    return js === null ? m[0] : `<script${m[1]}${m[3]}>${js.replace(/<\/script/gi, '<\\/script')}</script>`;
  });
  await replaceAsync(/(<img\b[^>]*\bsrc=)["']([^"']+)["']/gi, async (m) => {
    const path = resolve(m[2]);
    const ext = path?.slice(path.lastIndexOf('.') + 1).toLowerCase() ?? '';
    if (!path || !MIME[ext]) return m[0];
    const bytes = await workspace.readFile(path).catch(() => null);
    return bytes ? `${m[1]}"data:${MIME[ext]};base64,${base64(bytes)}"` : m[0];
  });
  return injectPreviewHook(html);
}

/**
 * The inline document in a tab of its own, as sandboxed as in the Preview tab. Never through a
 * `blob:` URL: a blob made here has the app's origin, and opened on its own (a popup, "Open frame
 * in new tab") the page would run with it and could read the keys. The new tab is a blank page
 * holding one sandboxed frame, whose document is set as a property, never parsed into the tab.
 */
export function openInlinePreviewTab(html: string, title: string, sandbox: string): void {
  const tab = window.open('', '_blank');
  if (!tab) return;
  tab.opener = null;
  const doc = tab.document;
  doc.title = title;
  doc.body.style.margin = '0';
  const frame = doc.createElement('iframe');
  frame.setAttribute('sandbox', sandbox);
  frame.title = title;
  frame.style.cssText = 'border:0;position:fixed;inset:0;width:100%;height:100%';
  frame.srcdoc = html;
  doc.body.append(frame);
}
