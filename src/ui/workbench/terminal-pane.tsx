import { useEffect, useRef, useState } from 'react';
import type { BashEntry } from '../../app/workbench';
import type { Workspace } from '../../workspace/types';
import { useApp, useStore } from '../use-store';
import type { TerminalHandle, TerminalKind } from './xterm-terminal';
import { useDark } from './use-dark';

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** One xterm over the workspace shell (jsh on a pty in the WebContainer), loaded the first time a terminal tab shows. */
function Shell({
  workspace,
  active,
  label,
  kind,
}: {
  workspace: Workspace;
  active: boolean;
  label: string;
  kind: TerminalKind;
}) {
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
        handle.current = mountTerminal(host.current, workspace, darkNow.current, kind);
        handle.current.focus();
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      handle.current?.dispose();
      handle.current = null;
    };
  }, [workspace, kind]);
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
export function TerminalPane({
  workspace,
  active,
  bash,
}: {
  workspace: Workspace;
  active: boolean;
  bash: BashEntry[];
}) {
  // The WebContainer taking over from lite brings a real shell: the terminals restart on it.
  const backend = useStore(useApp().backend, (b) => b.backend);
  const [shells, setShells] = useState<Array<{ id: number; kind: TerminalKind }>>([{ id: 1, kind: 'pty' }]);
  const [current, setCurrent] = useState<number | 'agent'>(1);
  const next = useRef(2);
  const open = (kind: TerminalKind): void => {
    const id = next.current++;
    setShells((s) => [...s, { id, kind }]);
    setCurrent(id);
  };
  const close = (id: number): void => {
    const rest = shells.filter((s) => s.id !== id);
    setShells(rest);
    if (current === id) setCurrent(rest.at(-1)?.id ?? 'agent');
  };
  // jsh cannot run the page's `git`; a line shell over exec can, so the WebContainer offers both.
  const hasPty = backend === 'webcontainer' && typeof workspace.openShell === 'function';
  const labelOf = (s: { id: number; kind: TerminalKind }): string =>
    hasPty && s.kind === 'line' ? `Terminal ${s.id} (git)` : `Terminal ${s.id}`;
  return (
    <div className="terminal-pane">
      <div className="term-tabs" role="tablist" aria-label="Terminals">
        {shells.map((s) => (
          <span key={s.id}>
            <button type="button" role="tab" aria-selected={current === s.id} onClick={() => setCurrent(s.id)}>
              {labelOf(s)}
            </button>
            <button type="button" aria-label={`Close ${labelOf(s)}`} onClick={() => close(s.id)}>
              ×
            </button>
          </span>
        ))}
        <button type="button" aria-label="New terminal" onClick={() => open('pty')}>
          +
        </button>
        {hasPty && (
          <button
            type="button"
            className="ghost small"
            title="A line shell where `git` works (jsh has no git)"
            onClick={() => open('line')}
          >
            + with git
          </button>
        )}
        <button type="button" role="tab" aria-selected={current === 'agent'} onClick={() => setCurrent('agent')}>
          Agent
        </button>
      </div>
      {shells.map((s) => (
        <Shell
          key={`${backend}-${s.id}`}
          workspace={workspace}
          active={active && current === s.id}
          label={labelOf(s)}
          kind={s.kind}
        />
      ))}
      <AgentLog entries={bash} active={current === 'agent'} />
    </div>
  );
}
