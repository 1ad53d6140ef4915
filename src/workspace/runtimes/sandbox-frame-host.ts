import type { ProcessHost, RuntimeProcess } from './process-host';
import type { BootPayload, RuntimeAssets, RuntimeKind } from './protocol';
import { runtimeAssetUrls } from './runtime-assets';

// Runtime workers in the page, out of the app's reach. A hidden iframe sandboxed without
// allow-same-origin has an opaque origin; the workers it starts (from blob: URLs it makes) share
// that origin, so a program cannot open the app's IndexedDB (keys, sessions), its caches or its
// cookies. The frame's policy also forbids any connection: programs have no network. The page
// fetches the runtime code and files from its own origin (cached, offline, no CDN) and hands
// them over; each worker then talks to the page over its own MessagePort. Nothing here needs
// cross-origin isolation: there is no SharedArrayBuffer, only messages.

/** The frame's document (public/runtime-frame.html), served with a policy of its own. */
const FRAME_URL = `${import.meta.env.BASE_URL}runtime-frame.html`;

export function createSandboxFrameHost(): ProcessHost {
  let frame: Promise<HTMLIFrameElement> | null = null;
  const sent = new Set<RuntimeKind>();
  const crashes = new Map<number, (reason: string) => void>();
  let python: Promise<BootPayload['python']> | null = null;
  let nextId = 1;
  let element: HTMLIFrameElement | null = null;

  const onFrameMessage = (event: MessageEvent) => {
    if (!element || event.source !== element.contentWindow) return;
    const m = event.data as { type?: string; id?: number; message?: string };
    if (m?.type === 'crash' && typeof m.id === 'number') crashes.get(m.id)?.(String(m.message));
  };

  const openFrame = (): Promise<HTMLIFrameElement> =>
    new Promise((resolve, reject) => {
      const iframe = document.createElement('iframe');
      iframe.setAttribute('sandbox', 'allow-scripts');
      iframe.setAttribute('aria-hidden', 'true');
      iframe.tabIndex = -1;
      iframe.title = 'Program sandbox';
      iframe.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
      const onReady = (event: MessageEvent) => {
        if (event.source !== iframe.contentWindow || (event.data as { type?: string })?.type !== 'frame-ready') return;
        window.removeEventListener('message', onReady);
        resolve(iframe);
      };
      window.addEventListener('message', onReady);
      window.addEventListener('message', onFrameMessage);
      iframe.onerror = () => reject(new Error('the program sandbox did not load'));
      iframe.src = FRAME_URL;
      element = iframe;
      document.body.appendChild(iframe);
    });

  const source = (kind: RuntimeKind): Promise<Blob> =>
    scriptBlob(runtimeAssetUrls()[kind === 'node' ? 'nodeWorker' : 'pythonWorker']);

  const assets = (kind: RuntimeKind): Promise<RuntimeAssets> => {
    if (kind === 'node') {
      return scriptBlob(runtimeAssetUrls().nodeSucrase).then((script) => ({ sucrase: script }));
    }
    python ??= loadPython();
    python.catch(() => (python = null));
    return python.then((files) => ({ python: files }));
  };

  return {
    async spawn(kind: RuntimeKind): Promise<RuntimeProcess> {
      frame ??= openFrame();
      frame.catch(() => (frame = null));
      const [iframe, script] = await Promise.all([frame, source(kind)]);
      const target = iframe.contentWindow!;
      if (!sent.has(kind)) {
        target.postMessage({ type: 'code', kind, source: script }, '*');
        sent.add(kind);
      }
      const id = nextId++;
      const channel = new MessageChannel();
      const crashListeners = new Set<(reason: string) => void>();
      crashes.set(id, (reason) => crashListeners.forEach((l) => l(reason)));
      target.postMessage({ type: 'spawn', kind, id, port: channel.port2 }, '*', [channel.port2]);
      return {
        post: (message) => channel.port1.postMessage(message),
        onMessage: (listener) => {
          channel.port1.onmessage = (event) => listener(event.data);
        },
        onCrash: (listener) => crashListeners.add(listener),
        terminate: () => {
          crashes.delete(id);
          channel.port1.close();
          target.postMessage({ type: 'kill', id }, '*');
        },
      };
    },
    assets,
    prefetch(kind: RuntimeKind): void {
      // A failure is forgotten here (source and assets drop it) and met again by the first run.
      source(kind).catch(() => undefined);
      assets(kind).catch(() => undefined);
    },
    dispose(): void {
      window.removeEventListener('message', onFrameMessage);
      element?.remove();
      element = null;
      frame = null;
      sent.clear();
    },
  };
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.text();
}

/** Scripts by URL, shared by every workspace's sandbox in the page: a Blob never changes. */
const scripts = new Map<string, Promise<Blob>>();

// Blobs, not text or bytes: the frame is another process, and a message carrying 0.1 MB took
// 60-100 ms to reach it (text also cost a decode here), where a Blob crosses as a handle.
function scriptBlob(url: string): Promise<Blob> {
  let blob = scripts.get(url);
  if (!blob) {
    blob = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
      return response.blob();
    });
    scripts.set(url, blob);
    blob.catch(() => scripts.delete(url));
  }
  return blob;
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.arrayBuffer();
}

async function loadPython(): Promise<BootPayload['python']> {
  const urls = runtimeAssetUrls();
  const [loader, wasm, stdlib] = await Promise.all([
    fetchText(urls.pythonLoader),
    fetchBytes(urls.pythonWasm),
    fetchBytes(urls.pythonStdlib),
  ]);
  return { loader, wasm, stdlib };
}
