import { useEffect, useState } from 'react';
import type { PreviewPort, Workspace } from '../../workspace/types';

/** Servers started in the WebContainer (`npm run dev`) appear here. */
export function PreviewPane({ workspace }: { workspace: Workspace }) {
  const [ports, setPorts] = useState<PreviewPort[]>(() => workspace.ports());
  const [selected, setSelected] = useState<number | null>(null);
  const [nonce, setNonce] = useState(0);
  useEffect(() => workspace.onPortsChanged(setPorts), [workspace]);
  const port = ports.find((p) => p.port === selected) ?? ports[0];
  if (!port) {
    return (
      <div className="preview-empty muted pad">
        {workspace.backend === 'webcontainer'
          ? 'No server is running. Start one (e.g. `npm run dev`) and it shows here.'
          : 'Previews need the WebContainer backend (lite has no servers). See Settings → Workspace backend.'}
      </div>
    );
  }
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
        <code className="preview-url">{port.url}</code>
        <button type="button" className="ghost small" onClick={() => setNonce((n) => n + 1)}>
          Reload
        </button>
        <a href={port.url} target="_blank" rel="noopener noreferrer">
          Open
        </a>
      </div>
      <iframe key={`${port.url}#${nonce}`} title={`Preview of port ${port.port}`} src={port.url} className="preview-frame" allow="cross-origin-isolated" />
    </div>
  );
}
