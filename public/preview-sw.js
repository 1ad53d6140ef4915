// Tidepool's static-site preview, registered on the preview origin (never the app's own origin).
// It answers /preview/<id>/<path> by asking the relay page for that id, which asks the Tidepool
// tab for the file's bytes over a MessagePort. It keeps no files and no state of its own, so it
// survives being stopped and restarted between requests.
const RELAY = '/preview-host.html';
const OWN = new Set([RELAY, '/preview-host.js', '/preview-sw.js']);
const PREVIEW = /^\/preview\/([A-Za-z0-9_-]+)(\/.*)?$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || OWN.has(url.pathname)) return;
  const match = PREVIEW.exec(url.pathname);
  if (match) {
    event.respondWith(serve(match[1], match[2] || '/', url, event.request));
    return;
  }
  if (!event.clientId && !event.request.referrer) return;
  // An absolute path ("/style.css", a link to "/about.html") from inside a preview: the site's
  // root is the preview's prefix, so send it there.
  event.respondWith(
    previewOf(event).then((id) => (id ? Response.redirect(`/preview/${id}${url.pathname}${url.search}`, 302) : fetch(event.request))),
  );
});

async function previewOf(event) {
  const client = event.clientId ? await self.clients.get(event.clientId) : undefined;
  for (const href of [client && client.url, event.request.referrer]) {
    if (!href) continue;
    const url = new URL(href);
    const match = url.origin === self.location.origin && PREVIEW.exec(url.pathname);
    if (match) return match[1];
  }
  return null;
}

async function serve(id, rawPath, url, request) {
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return page(400, 'Bad path', rawPath);
  }
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const relay = windows.find((c) => {
    const u = new URL(c.url);
    return u.pathname === RELAY && u.searchParams.get('id') === id;
  });
  if (!relay) return page(503, 'This preview has ended', 'Open the Preview tab in Tidepool to serve it again.');
  const channel = new MessageChannel();
  const answer = new Promise((resolve) => {
    channel.port1.onmessage = (event) => resolve(event.data);
    setTimeout(() => resolve(null), 15000);
  });
  relay.postMessage({ type: 'tidepool-preview-request', path, port: channel.port2 }, [channel.port2]);
  const file = await answer;
  channel.port1.close();
  if (!file) return page(504, 'Tidepool did not answer', path);
  if (file.redirect) return Response.redirect(new URL(file.redirect, url).href, 301);
  return new Response(request.method === 'HEAD' ? null : file.body, { status: file.status, headers: headers(file.type) });
}

function headers(type) {
  return {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    // Embeddable by the cross-origin-isolated Tidepool page; credentialless lets a site load
    // public CDN files that send no CORP header.
    'Cross-Origin-Embedder-Policy': 'credentialless',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
  };
}

function page(status, title, detail) {
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html><meta charset="utf-8"><title>${esc(title)}</title><body style="font:14px system-ui;padding:1em"><h1 style="font-size:1.1em">${esc(title)}</h1><p>${esc(detail)}</p>`;
  return new Response(body, { status, headers: headers('text/html; charset=utf-8') });
}
