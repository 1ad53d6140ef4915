import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Workspace } from '../../workspace/types';
import { useController } from '../use-controller';
import type { TerminalHandle } from './xterm-terminal';
import { useDark } from './use-dark';
import type { BashEntry } from './workbench';

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** One xterm over the workspace shell (jsh on a pty in the WebContainer), loaded the first time a terminal tab shows. */
function Shell({ workspace, active, label }: { workspace: Workspace; active: boolean; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<TerminalHandle | null>(null);
  const [failed, setFailed] = useState(false);
  const dark = useDark();
  const darkNow = useRef(dark);
  darkNow.current = dark;
  useEffect(() => {
    let live = true;
    void import('./xterm-terminal')
      .then(({ mountTerminal }) => {
        if (!live || !host.current) return;
        handle.current = mountTerminal(host.current, workspace, darkNow.current);
        handle.current.focus();
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      handle.current?.dispose();
      handle.current = null;
    };
  }, [workspace]);
  // A colour change must not restart the shell (and whatever runs in it).
  useEffect(() => handle.current?.setDark(dark), [dark]);
  useEffect(() => {
    if (active) handle.current?.focus();
  }, [active]);
  return (
    <div className="terminal-pane" hidden={!active}>
      {failed && <p className="error-text pad">The terminal failed to load. Reload the page to try again.</p>}
      <div ref={host} className="terminal-host" role="application" aria-label={label} />
    </div>
  );
}

/** The agent's Bash calls and their output, read-only. */
function AgentLog({ entries, active }: { entries: BashEntry[]; active: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [entries]);
  return (
    <pre ref={ref} className="agent-log" role="log" aria-label="Agent shell output" hidden={!active}>
      {entries.length === 0 && <span className="muted">The agent’s Bash commands and their output show here.</span>}
      {entries.map((e) => (
        <span key={e.callId}>
          <span className="cmd">$ {e.command}</span>
          {'\n'}
          <span className={e.isError ? 'err' : undefined}>{stripAnsi(e.output).replace(/\n?$/, '\n')}</span>
          {!e.done && <span className="muted">(running…)\n</span>}
        </span>
      ))}
    </pre>
  );
}

/** Terminal tabs over the workspace shell, plus a read-only tab of the agent's commands. */
export function TerminalPane({ workspace, active, bash }: { workspace: Workspace; active: boolean; bash: BashEntry[] }) {
  // The WebContainer taking over from lite brings a real shell: the terminals restart on it.
  const controller = useController();
  const backend = useSyncExternalStore(controller.subscribe, () => controller.getState().backend.backend); // not every chat delta
  const [shells, setShells] = useState<number[]>([1]);
  const [current, setCurrent] = useState<number | 'agent'>(1);
  const next = useRef(2);
  const close = (id: number): void => {
    const rest = shells.filter((s) => s !== id);
    setShells(rest);
    if (current === id) setCurrent(rest.at(-1) ?? 'agent');
  };
  return (
    <div className="terminal-pane">
      <div className="term-tabs" role="tablist" aria-label="Terminals">
        {shells.map((id) => (
          <span key={id}>
            <button type="button" role="tab" aria-selected={current === id} onClick={() => setCurrent(id)}>
              Terminal {id}
            </button>
            <button type="button" aria-label={`Close Terminal ${id}`} onClick={() => close(id)}>
              ×
            </button>
          </span>
        ))}
        <button type="button" aria-label="New terminal" onClick={() => { const id = next.current++; setShells((s) => [...s, id]); setCurrent(id); }}>
          +
        </button>
        <button type="button" role="tab" aria-selected={current === 'agent'} onClick={() => setCurrent('agent')}>
          Agent
        </button>
      </div>
      {shells.map((id) => (
        <Shell key={`${backend}-${id}`} workspace={workspace} active={active && current === id} label={`Terminal ${id}`} />
      ))}
      <AgentLog entries={bash} active={current === 'agent'} />
    </div>
  );
}
