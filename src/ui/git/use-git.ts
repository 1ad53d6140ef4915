import { createContext, useContext, useSyncExternalStore } from 'react';
import type { GitController, GitUiState } from './git-controller';

export function useGitState(git: GitController): GitUiState {
  return useSyncExternalStore(git.subscribe, git.getState, git.getState);
}

export const GitContext = createContext<GitController | null>(null);

export function useGit(): GitController {
  const git = useContext(GitContext);
  if (!git) throw new Error('GitContext is missing');
  return git;
}
