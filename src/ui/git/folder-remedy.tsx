import { useState, type FormEvent } from 'react';
import type { OpenState } from '../../app/git';
import { useApp } from '../use-store';

// A repository too big for the tab can still be worked on one folder at a time: the folder is
// cloned as git's own sparse checkout (src/git/sparse-folder.ts), the rest stays in the index.

export function FolderRemedy({ failed }: { failed: Extract<OpenState, { kind: 'failed' }> }) {
  const git = useApp().git;
  const [folder, setFolder] = useState(failed.folder ?? '');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (folder.trim()) void git.open(failed.source ?? failed.url, { folder, memoryOnly: failed.memoryOnly });
  };
  return (
    <form className="git-row git-remedy" aria-label="Clone one folder" onSubmit={submit}>
      <label className="git-url">
        <span>Folder to clone</span>
        <input
          type="text"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          placeholder="packages/app"
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      <button type="submit" disabled={!folder.trim()}>
        Clone this folder
      </button>
    </form>
  );
}
