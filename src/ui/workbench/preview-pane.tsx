import { useEffect, useRef, useState } from 'react';
import type { PreviewPort, Workspace } from '../../workspace/types';
import { buildStaticPreview, findIndex } from './static-preview';

/** Errors the preview reported (static previews only: a server's page is cross-origin). */
function useFrameErrors(frame: React.RefObject<HTMLIFrameElement | null>, reset: unknown): [string[], () => void] {
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => setErrors([]), [reset]);
  useEffect(() => {
    const on = (event: MessageEvent): void => {
      if (event.source !== frame.current?.contentWindow || !(event.data as { tidepoolPreview?: boolean })?.tidepoolPreview) return;
      setErrors((e) => [...e, String((event.data as { message: unknown }).message)].slice(-50));
    };
    window.addEventListener('message', on);
    return () => window.removeEventListener('message', on);
  }, [frame]);
  return [errors, () => setErrors([])];
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

/** Lite: the workspace's index.html, rebuilt as files change, in a sandboxed frame. */
function StaticPreview({ workspace }: { workspace: Workspace }) {
  const [index, setIndex] = useState<string | null | undefined>(undefined);
  const [doc, setDoc] = useState('');
  const [nonce, setNonce] = useState(0);
  const frame = useRef<HTMLIFrameElement>(null);
  const [errors] = useFrameErrors(frame, `${doc}#${nonce}`);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const build = async (): Promise<void> => {
      const found = await findIndex(workspace);
      if (!live) return;
      setIndex(found);
      if (found) {
        const html = await buildStaticPreview(workspace, found).catch((e: unknown) => `<pre>${String(e)}</pre>`);
        if (live) setDoc(html);
      }
    };
    void build();
    const off = workspace.watch(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void build(), 150);
    });
    return () => {
      live = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [workspace]);
  if (index === undefined) return null;
  if (!index) {
    return <div className="preview-empty muted pad">No index.html yet. A static site the agent writes (index.html with its CSS, JS and images) previews here; servers need the WebContainer backend.</div>;
  }
  const rel = index.startsWith(workspace.root + '/') ? index.slice(workspace.root.length + 1) : index;
  const openInTab = (): void => {
    // A blob document opened in a new tab gets an opaque origin too: no access to the app.
    const url = URL.createObjectURL(new Blob([doc], { type: 'text/html' }));
    const sandboxed = `<!doctype html><iframe sandbox="allow-scripts allow-forms allow-modals" style="border:0;position:fixed;inset:0;width:100%;height:100%" src="${url}"></iframe>`;
    window.open(URL.createObjectURL(new Blob([sandboxed], { type: 'text/html' })), '_blank', 'noopener');
  };
  return (
    <div className="preview-pane">
      <div className="preview-bar">
        <code className="preview-url">{rel}</code>
        <button type="button" className="ghost small" onClick={() => setNonce((n) => n + 1)}>
          Reload
        </button>
        <button type="button" className="ghost small" onClick={openInTab}>
          Open in new tab
        </button>
      </div>
      <iframe ref={frame} key={nonce} title={`Preview of ${rel}`} sandbox="allow-scripts allow-forms allow-modals" srcDoc={doc} className="preview-frame" />
      <Errors errors={errors} />
    </div>
  );
}

/** Servers started in the WebContainer (`npm run dev`), with a URL bar; static sites in lite. */
export function PreviewPane({ workspace }: { workspace: Workspace }) {
  const [ports, setPorts] = useState<PreviewPort[]>(() => workspace.ports());
  const [selected, setSelected] = useState<number | null>(null);
  const [nonce, setNonce] = useState(0);
  const [path, setPath] = useState('/');
  useEffect(() => workspace.onPortsChanged(setPorts), [workspace]);
  const port = ports.find((p) => p.port === selected) ?? ports[0];
  if (!port) {
    if (workspace.backend === 'lite') return <StaticPreview workspace={workspace} />;
    return <div className="preview-empty muted pad">No server is running. Start one (e.g. `npm run dev`) and it shows here.</div>;
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
          <input name="path" className="preview-url-input" aria-label="Preview path" defaultValue={path} key={port.url} />
        </form>
        <button type="button" className="ghost small" onClick={() => setNonce((n) => n + 1)}>
          Reload
        </button>
        <a href={url} target="_blank" rel="noopener noreferrer">
          Open in new tab
        </a>
      </div>
      <iframe key={`${url}#${nonce}`} title={`Preview of port ${port.port}`} src={url} className="preview-frame" allow="cross-origin-isolated" />
    </div>
  );
}
