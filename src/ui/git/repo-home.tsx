import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MarkdownView, preloadMarkdown } from '../markdown-view';
import { FolderRemedy } from './folder-remedy';
import type { OpenState } from '../../app/git';
import { MemoryOnlyRemedy } from './memory-only-remedy';
import { useApp, useStore } from '../use-store';
import './git.css';

const ERROR_TITLES: Record<string, string> = {
  'not-found': 'Repository not found',
  auth: 'Sign-in needed',
  'proxy-down': 'The CORS proxy is down',
  network: 'Could not reach the repository',
  'too-large': 'Repository too large',
  'invalid-url': 'Not a repository URL',
  'no-folder': 'Folder not found',
};

function Progress({ open, onCancel }: { open: Extract<OpenState, { kind: 'cloning' }>; onCancel: () => void }) {
  // The README shows when the clone ends: Markdown's first render (marked and DOMPurify warming
  // up, ~20 ms) is paid now, in a task of its own, not in the end's.
  useEffect(() => {
    void preloadMarkdown().then((m) => m.renderMarkdown('# README\n\nWarming up *Markdown*.'));
  }, []);
  const p = open.progress;
  const percent = p?.percent;
  const phase = p?.phase ?? 'Connecting';
  const detail =
    percent !== undefined
      ? `${percent}%`
      : p && p.loaded > 0 && phase === 'Downloading'
        ? `${(p.loaded / 1e6).toFixed(1)} MB`
        : '';
  return (
    <div className="git-progress" aria-live="polite">
      <div className="git-progress-label">
        <span>
          Cloning <strong>{open.label}</strong>: {phase}
          {detail && ` ${detail}`}
        </span>
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div
        className="git-bar"
        role="progressbar"
        aria-label={`Cloning ${open.label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${phase}${detail ? ` ${detail}` : ''}`}
      >
        <span
          className={`git-bar-fill${percent === undefined ? ' is-indeterminate' : ''}`}
          style={percent !== undefined ? { width: `${percent}%` } : undefined}
        />
      </div>
    </div>
  );
}

/**
 * A `?repo=` link asks first: a link must not start a download, nor put a stranger's files into the
 * user's session. Its files load as an untrusted project (settings, hooks and servers wait for Trust).
 */
function ConfirmOpen({
  open,
  onClone,
  onCancel,
}: {
  open: Extract<OpenState, { kind: 'confirm' }>;
  onClone: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="sheet"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <div className="sheet-head">
        <h2 id={titleId}>Open this repository?</h2>
      </div>
      <div className="sheet-body">
        <p>
          A link asks to clone <strong>{open.label}</strong> from:
        </p>
        <p>
          <code className="git-confirm-url">{open.url}</code>
        </p>
        <p className="muted">
          It is cloned into a new session. Its project settings, hooks, MCP servers and memory files load only after you
          trust the project.
        </p>
        <div className="dialog-actions">
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" autoFocus onClick={onClone}>
            Clone
          </button>
        </div>
      </div>
    </dialog>
  );
}

/**
 * 20000 → "20,000". Not toLocaleString: its first call on a page loads the number formatter's
 * locale data, ~15 ms inside the clone's last frame.
 */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The opened repository's README, a task after the rest: the clone's end already fills that frame
 * (the last files, the tree, the banner); with the README's first Markdown render in it too, it
 * was one task of ~160 ms on a 20,000-file clone.
 */
function Readme({ text }: { text: string }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), 0);
    return () => clearTimeout(timer);
  }, []);
  return (
    <article className="git-readme" aria-label="README" aria-busy={!shown}>
      {shown && <MarkdownView text={text} />}
    </article>
  );
}

/** Progress, failure or the opened repo: shown on the home screen and, compactly, over a chat. */
export function RepoStatus({ showReadme, onSettings }: { showReadme: boolean; onSettings: () => void }) {
  const git = useApp().git;
  const open = useStore(git.store, (s) => s.open);
  if (open.kind === 'confirm')
    return <ConfirmOpen open={open} onClone={() => void git.confirmOpen()} onCancel={() => git.dismiss()} />;
  if (open.kind === 'cloning') return <Progress open={open} onCancel={() => git.cancel()} />;
  if (open.kind === 'failed') {
    const fixable =
      open.error.kind === 'auth' ||
      open.error.kind === 'proxy-down' ||
      (open.error.kind === 'network' && /proxy/i.test(open.error.hint));
    return (
      <div className="notice notice-error git-error" role="alert">
        <strong>{ERROR_TITLES[open.error.kind] ?? 'Could not open the repository'}</strong>
        <p>{open.error.message}</p>
        <p className="muted">{open.error.hint}</p>
        {open.error.remedies?.includes('folder') && <FolderRemedy failed={open} />}
        <MemoryOnlyRemedy open={open} />
        <div className="git-row">
          {fixable && (
            <button type="button" onClick={onSettings}>
              Open Settings
            </button>
          )}
          <button type="button" className="ghost" onClick={() => git.dismiss()}>
            Dismiss
          </button>
        </div>
      </div>
    );
  }
  if (open.kind === 'incomplete')
    return (
      <div className="notice notice-error git-error" role="alert" aria-label="Clone incomplete">
        <strong>The clone of {open.label} did not finish</strong>
        <p>
          The page closed while its files were being written: the files in <code>{open.dir}</code> are incomplete.
        </p>
        <div className="git-row">
          {open.url && (
            <button type="button" onClick={() => void git.retryIncomplete()}>
              Retry clone
            </button>
          )}
          <button type="button" className="ghost" onClick={() => void git.removeIncomplete()}>
            Remove partial files
          </button>
        </div>
      </div>
    );
  if (open.kind === 'opened') {
    const o = open.opened;
    return (
      <section className="git-opened" aria-label={`Opened ${o.repo.label}`}>
        <div className="git-row">
          <span>
            Opened <strong>{o.repo.label}</strong>
            {o.folder && (
              <>
                {' '}
                (folder <code>{o.folder}</code>)
              </>
            )}{' '}
            on <code>{o.branch}</code> · {groupDigits(o.fileCount)} files · {o.commit.slice(0, 7)}
          </span>
          <button type="button" className="link" onClick={() => git.dismiss()}>
            Hide
          </button>
        </div>
        <p className="muted">The agent works in this repository: ask it anything about the code, or to change it.</p>
        {showReadme && o.readme && <Readme text={o.readme.text} />}
      </section>
    );
  }
  return null;
}

/** The home screen's way in: paste a repository URL, or reopen a recent one. */
export function RepoHome({ onSettings }: { onSettings: () => void }) {
  const git = useApp().git;
  const state = useStore(git.store, (s) => s);
  const [url, setUrl] = useState('');
  const busy = state.open.kind === 'cloning';
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (url.trim()) void git.open(url);
  };
  return (
    <section className="repo-home" aria-label="Open a repository">
      <form className="git-row" onSubmit={submit}>
        <label className="git-url">
          <span>Repository URL</span>
          <input
            type="url"
            inputMode="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://github.com/owner/name"
            spellCheck={false}
            autoComplete="off"
            disabled={busy}
          />
        </label>
        <button type="submit" className="primary" disabled={busy || !url.trim()}>
          Open
        </button>
      </form>
      <RepoStatus showReadme onSettings={onSettings} />
      {state.recent.length > 0 && (
        <nav aria-label="Recent repositories" className="git-recent">
          <span className="muted">Recent:</span>
          <ul>
            {state.recent.map((r) => (
              <li key={r.label}>
                <button
                  type="button"
                  className="link"
                  disabled={busy}
                  title={r.url}
                  onClick={() => void git.open(r.url)}
                >
                  {r.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}
