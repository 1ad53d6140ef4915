import { useCallback, useEffect, useRef, useState } from 'react';
import type { GitResult } from '../../git/context';
import type { FileDiff, RepoStatus } from '../../git/read';
import type { Workspace } from '../../workspace/types';
import { HunksView } from '../hunks-view';
import type { GitApp as GitController } from '../../app/git';
import { useStore } from '../use-store';
import './git.css';

// The source-control panel: what changed (staged and not), stage/unstage, a commit box, history,
// and the diff of a chosen file. It reads the repository through git's typed read API (status,
// log and diff as records, from the same walks the `git` commands print) and acts through the
// same `git` the shells run, so the panel and the terminal can never disagree; text is shown as
// text, never as HTML.

interface Change {
  path: string;
  /** One letter as in `git status -s`: M, A, D, R, T, or U for untracked. */
  status: string;
  /** A rename's old path. */
  from?: string;
}

interface ScState {
  repoDir: string | null;
  /** The checked-out branch; null when HEAD is detached (or unknown). */
  branch: string | null;
  /** Where HEAD is, for the header: the branch, or `detached at abc1234`. */
  where: string;
  staged: Change[];
  unstaged: Change[];
  log: Array<{ oid: string; short: string; author: string; when: string; subject: string }>;
}

const EMPTY: ScState = { repoDir: null, branch: null, where: '', staged: [], unstaged: [], log: [] };

const readApi = () => import('../../git/read');

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

/** The status records as the two lists the panel shows; untracked files are unstaged changes marked U. */
export function changesOf(status: Pick<RepoStatus, 'entries' | 'untracked'>): { staged: Change[]; unstaged: Change[] } {
  const staged: Change[] = [];
  const unstaged: Change[] = [];
  for (const e of status.entries) {
    if (e.staged !== ' ') staged.push({ path: e.path, status: e.staged, ...(e.from ? { from: e.from } : {}) });
    if (e.unstaged !== ' ') unstaged.push({ path: e.path, status: e.unstaged });
  }
  for (const path of status.untracked) unstaged.push({ path, status: 'U' });
  return { staged, unstaged };
}

const modeText = (mode: number | undefined) => (mode === undefined ? '' : mode.toString(8));

/** One file's diff from its record: what kind of change, then the hunks (or why there are none). */
function FileDiffView({ diff, label }: { diff: FileDiff | null; label: string }) {
  if (!diff) return <p className="muted sc-message">No textual change.</p>;
  const notes = [
    diff.status === 'R' && `Renamed from ${diff.oldPath}.`,
    diff.status === 'A' && 'New file.',
    diff.status === 'D' && 'Deleted.',
    diff.oldMode !== undefined &&
      diff.newMode !== undefined &&
      diff.oldMode !== diff.newMode &&
      `Mode ${modeText(diff.oldMode)} → ${modeText(diff.newMode)}.`,
    diff.binary && 'Binary file: no text to compare.',
  ].filter(Boolean);
  return (
    <>
      {notes.length > 0 && <p className="muted sc-message">{notes.join(' ')}</p>}
      {!diff.binary && <HunksView hunks={diff.hunks} label={label} />}
    </>
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
  const [selected, setSelected] = useState<{
    path: string;
    staged: boolean;
    untracked: boolean;
    from?: string;
  } | null>(null);
  const [diff, setDiff] = useState<{ diff: FileDiff | null } | { error: string } | null>(null);
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
    const api = await readApi();
    const repo = { workspace, dir, remote: controller.access() };
    const [status, log] = await Promise.all([api.status(repo), api.log(repo, { max: 30 })]);
    if (mine !== generation.current) return;
    if (!status.ok) {
      setNotice({ tone: 'error', text: status.error });
      setLoading(false);
      return;
    }
    const { branch, head } = status.value;
    setState({
      repoDir: dir,
      branch,
      where: branch ?? (head ? `detached at ${head.slice(0, 7)}` : ''),
      ...changesOf(status.value),
      log: (log.ok ? log.value : []).map((c) => ({
        oid: c.oid,
        short: c.oid.slice(0, 7),
        author: c.author.name,
        when: api.formatRelativeDate(c.author.timestamp),
        subject: c.subject,
      })),
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
      setDiff(null);
      return;
    }
    let live = true;
    const dir = state.repoDir;
    void (async () => {
      const api = await readApi();
      const result = await api.diff(
        { workspace, dir, remote: controller.access() },
        // A rename pairs only when both its paths are in the pathspec.
        {
          staged: selected.staged,
          paths: selected.from ? [selected.from, selected.path] : [selected.path],
          untracked: selected.untracked,
        },
      );
      if (!live) return;
      // A rename is listed under its new path; its record is the one whose new side is this file.
      if (result.ok) setDiff({ diff: result.value.find((d) => (d.newPath ?? d.oldPath) === selected.path) ?? null });
      else setDiff({ error: result.error });
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
      { M: 'modified', A: 'added', D: 'deleted', R: 'renamed', T: 'type changed', U: 'untracked' }[change.status] ??
      change.status;
    return (
      <li key={`${staged}-${change.path}`}>
        <span className={`sc-status sc-status-${change.status}`} title={statusWord} aria-label={statusWord}>
          {change.status}
        </span>
        <button
          type="button"
          className="sc-path"
          aria-pressed={isSelected}
          title={`${change.from ? `${change.from} → ` : ''}${change.path} (${statusWord})`}
          onClick={() =>
            setSelected(
              isSelected
                ? null
                : { path: change.path, staged, untracked: change.status === 'U' && !staged, from: change.from },
            )
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
        <h2>Source control{state.where && <span className="muted"> · {state.where}</span>}</h2>
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
              placeholder={`Message (commit on ${state.branch ?? 'HEAD'})`}
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
              {diff &&
                ('error' in diff ? (
                  <p className="sc-message notice-error" role="alert">
                    {diff.error}
                  </p>
                ) : (
                  <FileDiffView diff={diff.diff} label={`Diff of ${selected.path}`} />
                ))}
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
