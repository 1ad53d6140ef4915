import { useEffect, useRef, useState } from 'react';
import type { Workspace } from '../../workspace/types';

/** xterm over the workspace shell, loaded the first time the tab opens. */
export function TerminalPane({ workspace, active }: { workspace: Workspace; active: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<{ focus(): void; dispose(): void } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    void import('./xterm-terminal')
      .then(({ mountTerminal }) => {
        if (!live || !host.current) return;
        handle.current = mountTerminal(host.current, workspace, matchMedia('(prefers-color-scheme: dark)').matches);
        handle.current.focus();
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      handle.current?.dispose();
      handle.current = null;
    };
  }, [workspace]);
  useEffect(() => {
    if (active) handle.current?.focus();
  }, [active]);
  return (
    <div className="terminal-pane">
      {failed && <p className="error-text pad">The terminal failed to load. Reload the page to try again.</p>}
      <div ref={host} className="terminal-host" role="application" aria-label="Terminal" />
    </div>
  );
}
