import { useEffect, useMemo, useRef, useState } from 'react';
import type { PreviewError, PreviewPort, Workspace } from '../../workspace/types';
import { readPreviewFile } from './preview-files';
import { previewOrigin, type PreviewOrigin } from './preview-origin';
import { buildStaticPreview, findIndex, openInlinePreviewTab } from './static-preview';

interface HookMessage {
  tidepoolPreview?: boolean;
  message?: unknown;
  location?: unknown;
}

/** What the preview's hook reports: its errors, and the page it is on (static previews only: a server's page is cross-origin). */
function useFrameReports(
  frame: React.RefObject<HTMLIFrameElement | null>,
  reset: unknown,
): { errors: string[]; location: string | null } {
  const [errors, setErrors] = useState<string[]>([]);
  const [location, setLocation] = useState<string | null>(null);
  useEffect(() => setErrors([]), [reset]);
  useEffect(() => {
    const on = (event: MessageEvent): void => {
      const data = event.data as HookMessage | null;
      if (event.source !== frame.current?.contentWindow || !data?.tidepoolPreview) return;
      if (typeof data.location === 'string') {
        // A page starting (a reload, a link followed): the errors shown are its own from here on.
        setLocation(data.location);
        setErrors([]);
      } else setErrors((e) => [...e, String(data.message)].slice(-50));
    };
    window.addEventListener('message', on);
    return () => window.removeEventListener('message', on);
  }, [frame]);
  return { errors, location };
}

function Errors({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return (
    <ul className="preview-errors" aria-label="Preview console errors">
      {errors.map((e, i) => (
        <li key={i}>{e}</li>
      ))}
    </ul>
  );
}

const configuredOrigin = import.meta.env.VITE_PREVIEW_ORIGIN as string | undefined;
const builtForOrigin = import.meta.env.VITE_APP_ORIGIN as string | undefined;
/** How long the relay may take to register the worker before the inline preview is shown instead. */
const START_TIMEOUT_MS = 12_000;
/** The preview's frame: scripts, forms, dialogs and popups, but never navigating the app's tab. */
const FRAME_SANDBOX = 'allow-scripts allow-forms allow-modals allow-popups allow-downloads';

type Mode =
  { kind: 'starting'; origin: string } | { kind: 'served'; origin: string } | { kind: 'inline'; reason: string };

/**
 * Lite: the workspace's index.html and everything beside it, served from the in-page tree by a
 * service worker on the preview origin (preview-sw.js via the relay preview-host.html), reloaded
 * as files change. Without a preview origin, or when the worker cannot run, the inline preview.
 */
function StaticPreview({ workspace }: { workspace: Workspace }) {
  const [index, setIndex] = useState<string | null | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [nonce, setNonce] = useState(0);
  // getRandomValues, not randomUUID: the latter is missing outside secure contexts (plain http on a LAN).
  const id = useMemo(
    () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''),
    [],
  );
  const start = useMemo<PreviewOrigin>(() => previewOrigin(window.location, configuredOrigin, builtForOrigin), []);
  const [mode, setMode] = useState<Mode>(() =>
    'origin' in start ? { kind: 'starting', origin: start.origin } : { kind: 'inline', reason: start.reason },
  );
  // The inline document and how many have been built: each new one gets a fresh frame.
  const [doc, setDoc] = useState({ html: '', n: 0 });
  const relay = useRef<HTMLIFrameElement>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  // The page to load on the next reload: where the user navigated to, else the site's index.
  const [loadPath, setLoadPath] = useState('');
  const root = index ? index.slice(0, index.lastIndexOf('/')) : null;
  const rootRef = useRef(root);
  rootRef.current = root;
  const { errors, location } = useFrameReports(frame, `${version}#${nonce}#${mode.kind}`);
  const prefix = `/preview/${id}/`;
  const page = location?.startsWith(prefix) ? location.slice(prefix.length) : null;
  const pageRef = useRef(page);
  pageRef.current = page;

  // Find the site and follow changes under it, debounced.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const find = async (): Promise<void> => {
      const found = await findIndex(workspace);
      if (!live) return;
      setIndex(found);
      setLoadPath(pageRef.current ?? '');
      setVersion((v) => v + 1);
    };
    void find();
    const off = workspace.watch((changes) => {
      // Only changes that can alter the page: under the site's directory, or another index.html.
      const dir = rootRef.current;
      const paths = changes.flatMap((c) => (c.type === 'renamed' ? [c.from, c.to] : [c.path]));
      if (dir && !paths.some((p) => p === dir || p.startsWith(`${dir}/`) || p.endsWith('/index.html'))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void find(), 200);
    });
    return () => {
      live = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [workspace]);

  // Served mode: the relay reports the worker ready or failed, and forwards its file requests.
  useEffect(() => {
    if (mode.kind !== 'starting' && mode.kind !== 'served') return;
    const origin = mode.origin;
    const on = (event: MessageEvent): void => {
      const data = event.data as { type?: string; id?: string; path?: unknown; reason?: unknown } | null;
      if (event.origin !== origin || event.source !== relay.current?.contentWindow || data?.id !== id) return;
      if (data.type === 'tidepool-preview-ready') setMode({ kind: 'served', origin });
      else if (data.type === 'tidepool-preview-failed') setMode({ kind: 'inline', reason: String(data.reason) });
      else if (data.type === 'tidepool-preview-request' && event.ports[0]) {
        const port = event.ports[0];
        const dir = rootRef.current;
        const answer = dir ? readPreviewFile(workspace, dir, String(data.path)) : Promise.resolve(null);
        void answer
          .catch((e: unknown) => ({
            status: 500,
            type: 'text/plain; charset=utf-8',
            body: new TextEncoder().encode(String(e)),
          }))
          .then((file) => {
            if (!file)
              return port.postMessage({
                status: 404,
                type: 'text/plain; charset=utf-8',
                body: new TextEncoder().encode('No index.html in the workspace.'),
              });
            const body = file.body.slice(); // a copy of its own, so the transfer never detaches the tree's bytes
            port.postMessage({ ...file, body }, [body.buffer]);
          });
      }
    };
    window.addEventListener('message', on);
    const timer =
      mode.kind === 'starting'
        ? setTimeout(
            () =>
              setMode({
                kind: 'inline',
                reason: `the preview origin ${origin} did not answer within ${START_TIMEOUT_MS / 1000} s`,
              }),
            START_TIMEOUT_MS,
          )
        : null;
    return () => {
      window.removeEventListener('message', on);
      if (timer) clearTimeout(timer);
    };
  }, [mode, id, workspace]);

  // Inline mode: rebuild the one-document preview as files change.
  useEffect(() => {
    if (mode.kind !== 'inline' || !index) return;
    let live = true;
    void buildStaticPreview(workspace, index)
      .catch((e: unknown) => `<pre>${String(e).replace(/</g, '&lt;')}</pre>`)
      .then((html) => live && setDoc((d) => ({ html, n: d.n + 1 })));
    return () => {
      live = false;
    };
  }, [mode.kind, index, version, workspace]);

  const relayFrame =
    mode.kind !== 'inline' ? (
      <iframe
        ref={relay}
        hidden
        aria-hidden="true"
        tabIndex={-1}
        title="Preview relay"
        src={`${mode.origin}/preview-host.html?id=${id}`}
      />
    ) : null;
  // The relay stays the first child whatever is shown, so React never reloads it (the worker's
  // requests would find no relay in between).
  return (
    <div className="preview-pane">
      {relayFrame}
      {body()}
    </div>
  );

  function body(): React.ReactNode {
    if (index === undefined) return null;
    if (!index) {
      return (
        <div className="preview-empty muted pad">
          No index.html yet. A static site the agent writes (index.html with its CSS, JS, images and data) previews
          here; servers need the WebContainer backend.
        </div>
      );
    }
    const rel = index.startsWith(workspace.root + '/') ? index.slice(workspace.root.length + 1) : index;
    const siteDir = rel.slice(0, rel.lastIndexOf('/') + 1);
    const reload = (): void => {
      setLoadPath(pageRef.current ?? '');
      setNonce((n) => n + 1);
    };
    if (mode.kind === 'starting') {
      return (
        <div className="preview-empty muted pad" role="status">
          Starting the preview…
        </div>
      );
    }
    if (mode.kind === 'served') {
      const current = page ?? loadPath;
      const url = `${mode.origin}${prefix}${current}`;
      const shown = `${siteDir}${current}`;
      return (
        <>
          <div className="preview-bar">
            <code className="preview-url" title={url}>
              {!shown || shown.endsWith('/') ? `${shown}index.html` : shown}
            </code>
            <button type="button" className="ghost small" onClick={reload}>
              Reload
            </button>
            {/* A top-level tab on the preview origin: served by the same worker, isolated the same way. */}
            <a href={url} target="_blank" rel="noopener noreferrer">
              Open in new tab
            </a>
          </div>
          <iframe
            ref={frame}
            key={`${version}#${nonce}`}
            title={`Preview of ${rel}`}
            sandbox={`${FRAME_SANDBOX} allow-same-origin`}
            src={`${mode.origin}${prefix}${loadPath}`}
            className="preview-frame"
          />
          <Errors errors={errors} />
        </>
      );
    }
    const openInTab = (): void => openInlinePreviewTab(doc.html, `Preview of ${rel}`, FRAME_SANDBOX);
    return (
      <>
        <div className="preview-bar">
          <code className="preview-url">{rel}</code>
          <span
            className="muted"
            role="note"
            title="fetch(), module imports, CSS url()s and links to other pages do not work in the inline preview."
          >
            Inline preview: {mode.reason}
          </span>
          <button type="button" className="ghost small" onClick={reload}>
            Reload
          </button>
          <button type="button" className="ghost small" onClick={openInTab}>
            Open in new tab
          </button>
        </div>
        {doc.n ? (
          <iframe
            ref={frame}
            key={`${doc.n}#${nonce}`}
            title={`Preview of ${rel}`}
            sandbox={FRAME_SANDBOX}
            srcDoc={doc.html}
            className="preview-frame"
          />
        ) : (
          <div className="preview-frame" />
        )}
        <Errors errors={errors} />
      </>
    );
  }
}

/** Servers started in the WebContainer (`npm run dev`), with a URL bar; static sites in lite. */
const errorLabel: Record<PreviewError['kind'], string> = {
  'uncaught-exception': 'Uncaught',
  'unhandled-rejection': 'Unhandled rejection',
  'console-error': 'console.error',
};

/** A server page's errors, as the WebContainer forwards them; cleared when another page loads. */
function useServerErrors(workspace: Workspace, port: number | undefined, page: string): string[] {
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => setErrors([]), [page]);
  useEffect(() => {
    if (port === undefined || !workspace.onPreviewError) return;
    return workspace.onPreviewError((error) => {
      if (error.port !== port) return;
      setErrors((list) =>
        [...list, `${errorLabel[error.kind]}: ${error.message} (${error.location || '/'})`].slice(-50),
      );
    });
  }, [workspace, port]);
  return errors;
}

export function PreviewPane({ workspace }: { workspace: Workspace }) {
  const [ports, setPorts] = useState<PreviewPort[]>(() => workspace.ports());
  const [selected, setSelected] = useState<number | null>(null);
  const [nonce, setNonce] = useState(0);
  const [path, setPath] = useState('/');
  useEffect(() => workspace.onPortsChanged(setPorts), [workspace]);
  const port = ports.find((p) => p.port === selected) ?? ports[0];
  const serverErrors = useServerErrors(workspace, port?.port, `${port?.url}${path}#${nonce}`);
  if (!port) {
    if (workspace.backend === 'lite') return <StaticPreview workspace={workspace} />;
    return (
      <div className="preview-empty muted pad">
        No server is running. Start one (e.g. `npm run dev`) and it shows here.
      </div>
    );
  }
  const url = new URL(path.startsWith('/') ? path : `/${path}`, port.url).href;
  return (
    <div className="preview-pane">
      <div className="preview-bar">
        <select aria-label="Preview port" value={port.port} onChange={(e) => setSelected(Number(e.target.value))}>
          {ports.map((p) => (
            <option key={p.port} value={p.port}>
              :{p.port}
            </option>
          ))}
        </select>
        <form
          className="preview-url"
          onSubmit={(e) => {
            e.preventDefault();
            const value = new FormData(e.currentTarget).get('path');
            setPath(String(value ?? '/'));
            setNonce((n) => n + 1);
          }}
        >
          <input
            name="path"
            className="preview-url-input"
            aria-label="Preview path"
            defaultValue={path}
            key={port.url}
          />
        </form>
        <button type="button" className="ghost small" onClick={() => setNonce((n) => n + 1)}>
          Reload
        </button>
        <a href={url} target="_blank" rel="noopener noreferrer">
          Open in new tab
        </a>
      </div>
      <iframe
        key={`${url}#${nonce}`}
        title={`Preview of port ${port.port}`}
        src={url}
        className="preview-frame"
        allow="cross-origin-isolated"
      />
      <Errors errors={serverErrors} />
    </div>
  );
}
