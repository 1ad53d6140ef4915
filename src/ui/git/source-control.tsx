import { useCallback, useEffect, useRef, useState } from 'react';
import type { GitResult } from '../../git/context';
import type { Workspace } from '../../workspace/types';
import type { GitApp as GitController } from '../../app/git';
import { useStore } from '../use-store';
import './git.css';

// The source-control panel: what changed (staged and not), stage/unstage, a commit box, history,
// and the diff of a chosen file. Every action is the same `git` the shells run, so the panel and
// the terminal can never disagree; text is shown as text, never as HTML.

interface Change {
  path: string;
  /** One letter as in `git status -s`: M, A, D, R, U (untracked shown as U). */
  status: string;
}

interface ScState {
  repoDir: string | null;
  branch: string;
  staged: Change[];
  unstaged: Change[];
  log: Array<{ oid: string; short: string; author: string; when: string; subject: string }>;
}

const EMPTY: ScState = { repoDir: null, branch: '', staged: [], unstaged: [], log: [] };

async function git(workspace: Workspace, dir: string, args: string[], controller: GitController): Promise<GitResult> {
  const { runGit } = await import('../../git/cli');
  return runGit(args, { workspace, cwd: dir, remote: controller.access() });
}

/** The repository to show: the opened one, else the workspace root, else the first folder with a `.git`. */
async function findRepoDir(workspace: Workspace, preferred: string | null): Promise<string | null> {
  const has = async (dir: string) => (await workspace.stat(`${dir === '/' ? '' : dir}/.git`))?.kind === 'dir';
  if (preferred && (await has(preferred))) return preferred;
  if (await has(workspace.root)) return workspace.root;
  for (const entry of await workspace.list(workspace.root).catch(() => [])) {
    if (entry.kind === 'dir' && (await has(entry.path))) return entry.path;
  }
  return null;
}

export function parsePorcelain(text: string): { staged: Change[]; unstaged: Change[] } {
  const staged: Change[] = [];
  const unstaged: Change[] = [];
  for (const line of text.split('\n')) {
    if (line.length < 4) continue;
    const x = line[0];
    const y = line[1];
    let path = line.slice(3);
    if (path.includes(' -> ')) path = path.slice(path.indexOf(' -> ') + 4);
    if (path.startsWith('"') && path.endsWith('"')) path = path.slice(1, -1);
    if (x === '?' && y === '?') {
      unstaged.push({ path, status: 'U' });
      continue;
    }
    if (x !== ' ') staged.push({ path, status: x });
    if (y !== ' ') unstaged.push({ path, status: y });
  }
  return { staged, unstaged };
}

function DiffText({ text, label }: { text: string; label: string }) {
  if (!text.trim()) return <p className="muted sc-message">No textual change.</p>;
  return (
    <pre className="sc-diff" role="group" aria-label={label}>
      {text.split('\n').map((line, i) => {
        const cls = line.startsWith('@@')
          ? 'd-hunk'
          : /^(diff |index |--- |\+\+\+ |new file|deleted file|similarity|rename )/.test(line)
            ? 'd-meta'
            : line.startsWith('+')
              ? 'd-add'
              : line.startsWith('-')
                ? 'd-del'
                : '';
        return (
          <span key={i} className={cls}>
            {line || ' '}
          </span>
        );
      })}
    </pre>
  );
}

export function SourceControlPanel({
  workspace,
  controller,
  onClose,
}: {
  workspace: Workspace;
  controller: GitController;
  onClose: () => void;
}) {
  const open = useStore(controller.store, (s) => s.open);
  const preferredDir = open.kind === 'opened' ? open.opened.dir : null;
  const [state, setState] = useState<ScState>(EMPTY);
  const [loading, setLoading] = useState(true);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [selected, setSelected] = useState<{ path: string; staged: boolean; untracked: boolean } | null>(null);
  const [diff, setDiff] = useState('');
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);
  const [bundling, setBundling] = useState(false);

  const downloadBundle = async (): Promise<void> => {
    setBundling(true);
    try {
      const result = await controller.exportBundle(state.repoDir ?? undefined);
      if (!result.ok) {
        setNotice({ tone: 'error', text: result.message });
        return;
      }
      const url = URL.createObjectURL(
        new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-git-bundle' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = result.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      const size =
        result.bytes.byteLength >= 1e6
          ? `${(result.bytes.byteLength / 1e6).toFixed(1)} MB`
          : `${Math.ceil(result.bytes.byteLength / 1e3)} KB`;
      const shallow = result.prerequisites
        ? ` It starts where this shallow clone's history does, so it applies to a repository that has the ${result.prerequisites === 1 ? 'commit' : 'commits'} before.`
        : '';
      setNotice({
        tone: 'ok',
        text: `Downloaded ${result.fileName} (${size}, ${result.refs} ${result.refs === 1 ? 'ref' : 'refs'}).${shallow}`,
      });
    } finally {
      setBundling(false);
    }
  };

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const dir = await findRepoDir(workspace, preferredDir);
    if (!dir) {
      if (mine === generation.current) (setState(EMPTY), setLoading(false));
      return;
    }
    const [status, branch, log] = await Promise.all([
      git(workspace, dir, ['status', '--porcelain'], controller),
      git(workspace, dir, ['rev-parse', '--abbrev-ref', 'HEAD'], controller),
      git(workspace, dir, ['log', '-n', '30', '--format=%H%n%h%n%an%n%ar%n%s'], controller),
    ]);
    if (mine !== generation.current) return;
    const lines = log.exitCode === 0 ? log.stdout.split('\n') : [];
    const entries: ScState['log'] = [];
    for (let i = 0; i + 4 < lines.length; i += 5)
      entries.push({
        oid: lines[i],
        short: lines[i + 1],
        author: lines[i + 2],
        when: lines[i + 3],
        subject: lines[i + 4],
      });
    setState({
      repoDir: dir,
      branch: branch.exitCode === 0 ? branch.stdout.trim() : '',
      ...parsePorcelain(status.stdout),
      log: entries,
    });
    setLoading(false);
  }, [workspace, controller, preferredDir]);

  // Follows every change (agent, editor, terminal), at most a few times a second.
  useEffect(() => {
    void refresh();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = workspace.watch(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 250);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [workspace, refresh]);

  useEffect(() => {
    if (!selected || !state.repoDir) {
      setDiff('');
      return;
    }
    let live = true;
    const dir = state.repoDir;
    void (async () => {
      let text: string;
      if (selected.untracked) {
        const content = await workspace.readText(`${dir}/${selected.path}`).catch(() => '');
        const lines = content.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        text = `new file ${selected.path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;
      } else {
        const result = await git(
          workspace,
          dir,
          selected.staged ? ['diff', '--staged', '--', selected.path] : ['diff', '--', selected.path],
          controller,
        );
        text = result.stdout;
      }
      if (live) setDiff(text);
    })();
    return () => {
      live = false;
    };
  }, [selected, state, workspace, controller]);

  const act = async (args: string[], success?: string): Promise<boolean> => {
    if (!state.repoDir) return false;
    setBusy(true);
    try {
      const result = await git(workspace, state.repoDir, args, controller);
      if (result.exitCode !== 0)
        setNotice({ tone: 'error', text: (result.stderr || result.stdout).trim() || `git ${args[0]} failed` });
      else if (success)
        setNotice({ tone: 'ok', text: success === '$stdout' ? result.stdout.trim().split('\n')[0] : success });
      await refresh();
      return result.exitCode === 0;
    } finally {
      setBusy(false);
    }
  };

  const commit = async (): Promise<void> => {
    if (!message.trim()) return;
    if (await act(['commit', '-m', message.trim()], '$stdout')) {
      setMessage('');
      setSelected(null);
    }
  };

  const fileRow = (change: Change, staged: boolean) => {
    const isSelected = selected?.path === change.path && selected.staged === staged;
    const statusWord =
      { M: 'modified', A: 'added', D: 'deleted', R: 'renamed', U: 'untracked' }[change.status] ?? change.status;
    return (
      <li key={`${staged}-${change.path}`}>
        <span className={`sc-status sc-status-${change.status}`} title={statusWord} aria-label={statusWord}>
          {change.status}
        </span>
        <button
          type="button"
          className="sc-path"
          aria-pressed={isSelected}
          title={`${change.path} (${statusWord})`}
          onClick={() =>
            setSelected(isSelected ? null : { path: change.path, staged, untracked: change.status === 'U' && !staged })
          }
        >
          {change.path}
        </button>
        {staged ? (
          <button
            type="button"
            className="small"
            disabled={busy}
            aria-label={`Unstage ${change.path}`}
            onClick={() => void act(['restore', '--staged', '--', change.path])}
          >
            −
          </button>
        ) : (
          <button
            type="button"
            className="small"
            disabled={busy}
            aria-label={`Stage ${change.path}`}
            onClick={() => void act(['add', '--', change.path])}
          >
            +
          </button>
        )}
      </li>
    );
  };

  return (
    <section className="source-control" aria-label="Source control">
      <header>
        <h2>Source control{state.branch && <span className="muted"> · {state.branch}</span>}</h2>
        <button type="button" className="ghost small" onClick={() => void refresh()}>
          Refresh
        </button>
        <button
          type="button"
          className="ghost small"
          disabled={bundling}
          title="The repository with all its branches, tags and history, as one file real git can clone"
          onClick={() => void downloadBundle()}
        >
          {bundling ? 'Bundling…' : 'Download git bundle'}
        </button>
        <button type="button" className="ghost small" aria-label="Close source control" onClick={onClose}>
          ×
        </button>
      </header>
      {loading ? (
        <p className="muted sc-section">Reading the repository…</p>
      ) : !state.repoDir ? (
        <div className="sc-section">
          <p>No git repository in the workspace yet.</p>
          <p className="muted">Open one from a URL on the home screen, or start one here.</p>
          {notice && (
            <p
              className={`sc-message ${notice.tone === 'error' ? 'notice-error' : ''}`}
              role={notice.tone === 'error' ? 'alert' : 'status'}
            >
              {notice.text}
            </p>
          )}
          <button
            type="button"
            onClick={() => void git(workspace, workspace.root, ['init', '-q'], controller).then(() => refresh())}
          >
            Initialize a repository
          </button>
        </div>
      ) : (
        <>
          <div className="sc-section sc-commit">
            <label className="sr-only" htmlFor="sc-message">
              Commit message
            </label>
            <textarea
              id="sc-message"
              placeholder={`Message (commit on ${state.branch || 'HEAD'})`}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void commit();
              }}
            />
            <button
              type="button"
              className="primary"
              disabled={busy || !message.trim() || state.staged.length === 0}
              onClick={() => void commit()}
            >
              Commit
            </button>
            {state.staged.length === 0 && state.unstaged.length > 0 && (
              <p className="muted sc-message">Stage changes to commit them.</p>
            )}
            {notice && (
              <p
                className={`sc-message ${notice.tone === 'error' ? 'notice-error' : ''}`}
                role={notice.tone === 'error' ? 'alert' : 'status'}
              >
                {notice.text}
              </p>
            )}
          </div>
          <div className="sc-section">
            <h3 id="sc-staged">
              Staged changes <span className="muted">({state.staged.length})</span>
              <span className="spacer" />
              {state.staged.length > 0 && (
                <button
                  type="button"
                  className="small"
                  disabled={busy}
                  onClick={() => void act(['restore', '--staged', '--', '.'])}
                >
                  Unstage all
                </button>
              )}
            </h3>
            <ul className="sc-files" aria-labelledby="sc-staged">
              {state.staged.map((c) => fileRow(c, true))}
            </ul>
          </div>
          <div className="sc-section">
            <h3 id="sc-changes">
              Changes <span className="muted">({state.unstaged.length})</span>
              <span className="spacer" />
              {state.unstaged.length > 0 && (
                <button type="button" className="small" disabled={busy} onClick={() => void act(['add', '-A'])}>
                  Stage all
                </button>
              )}
            </h3>
            {state.unstaged.length === 0 && state.staged.length === 0 && (
              <p className="muted sc-message">Nothing changed since the last commit.</p>
            )}
            <ul className="sc-files" aria-labelledby="sc-changes">
              {state.unstaged.map((c) => fileRow(c, false))}
            </ul>
          </div>
          {selected && (
            <div className="sc-section">
              <h3>
                {selected.path} <span className="muted">{selected.staged ? 'staged' : 'working tree'}</span>
              </h3>
              <DiffText text={diff} label={`Diff of ${selected.path}`} />
            </div>
          )}
          <div className="sc-section">
            <h3 id="sc-history">History</h3>
            <ol className="sc-log" aria-labelledby="sc-history">
              {state.log.map((c) => (
                <li key={c.oid} title={`${c.oid}\n${c.author}, ${c.when}`}>
                  <code>{c.short}</code>
                  <span className="sc-subject">{c.subject}</span>
                  <span className="muted">{c.when}</span>
                </li>
              ))}
            </ol>
          </div>
        </>
      )}
    </section>
  );
}
