// A worktree subagent's changes as a reviewable diff, applied to the main tree only on approval
// (an injected callback: the app shows the diff). Each file is applied three-way against the
// snapshot the subagent started from: main-tree edits made meanwhile are kept (merged where the
// lines do not touch), a real collision is reported as a conflict, and a file that is not written
// keeps the subagent's version in the record, so nothing is lost.
import { applyPatch, createTwoFilesPatch, structuredPatch } from 'diff';
import type { WorktreeChangeRecord } from '../../extension-events';
import type { DiffHunk } from '../../../lib/diff-hunk';
import type { FileTree } from '../../../workspace/file-tree';
import { applyForkChange, asText, forkChanges, type ForkChange, type TreeFork } from '../../../workspace/forked-tree';

export interface WorktreeChangeView {
  path: string;
  kind: 'added' | 'modified' | 'deleted';
  /** Unified diff from the starting snapshot to the subagent's version ('' for binary files). */
  diff: string;
  /** The same diff as hunks, for the review panel ([] for binary files). */
  hunks: DiffHunk[];
  binary: boolean;
}

export interface WorktreeReview {
  agentId: string;
  agentType: string;
  description: string;
  changes: WorktreeChangeView[];
}

/** Which files to write: all, none, or these paths. */
export type WorktreeDecision = { apply: 'all' | 'none' | string[] };

export type WorktreeApproval = (review: WorktreeReview) => Promise<WorktreeDecision>;

export interface PendingWorktree {
  review: WorktreeReview;
  changes: ForkChange[];
}

/** The fork's changes, leaving out `.git/` (a subagent's commits are not replayed onto the main repository). */
export function worktreeReview(fork: TreeFork, info: Omit<WorktreeReview, 'changes'>): PendingWorktree {
  const root = fork.tree.root;
  const changes = forkChanges(fork).filter((c) => {
    const rel = c.path.slice(root.length + 1);
    return rel !== '.git' && !rel.startsWith('.git/');
  });
  return {
    review: {
      ...info,
      changes: changes.map((c) => {
        const before = c.base ? asText(c.base) : '';
        const after = c.next ? asText(c.next) : '';
        const binary = before === null || after === null;
        const rel = c.path.slice(root.length + 1);
        const hunks = binary ? [] : structuredPatch(`a/${rel}`, `b/${rel}`, before ?? '', after ?? '').hunks;
        return {
          path: c.path,
          kind: !c.base ? 'added' : !c.next ? 'deleted' : 'modified',
          diff: binary ? '' : createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before ?? '', after ?? ''),
          hunks: hunks.map((h) => ({ ...h, lines: [...h.lines] })),
          binary,
        };
      }),
    },
    changes,
  };
}

/** Applies the chosen files; the rest are recorded as declined (with the subagent's text kept). */
export function applyWorktree(
  main: FileTree,
  pending: PendingWorktree,
  decision: WorktreeDecision,
): WorktreeChangeRecord[] {
  const chosen =
    decision.apply === 'all'
      ? new Set(pending.changes.map((c) => c.path))
      : decision.apply === 'none'
        ? new Set<string>()
        : new Set(decision.apply.map((p) => (p.startsWith('/') ? p : `${main.root}/${p}`)));
  return pending.changes.map((change, i) => {
    const view = pending.review.changes[i];
    const base = { path: change.path, kind: view.kind, diff: view.diff };
    const kept = change.next ? asText(change.next) : null;
    if (!chosen.has(change.path)) return { ...base, status: 'declined', ...(kept !== null ? { content: kept } : {}) };
    const result = applyForkChange(main, change, mergeText);
    return result === 'conflict'
      ? { ...base, status: 'conflict', ...(kept !== null ? { content: kept } : {}) }
      : { ...base, status: result };
  });
}

/** Line-level three-way merge: the subagent's edits applied to the main tree's current text, or null. */
export function mergeText(base: string, ours: string, theirs: string): string | null {
  const patch = structuredPatch('file', 'file', base, theirs, undefined, undefined, { context: 2 });
  const merged = applyPatch(ours, patch);
  return merged === false ? null : merged;
}

/**
 * Asks for approval and applies, or (without an approval callback) keeps every change pending.
 * `kept` is what still waits: pending, declined or in conflict, for a later decision.
 */
export async function settleWorktree(
  main: FileTree,
  pending: PendingWorktree,
  approve: WorktreeApproval | undefined,
): Promise<{ records: WorktreeChangeRecord[]; kept?: PendingWorktree }> {
  if (pending.changes.length === 0) return { records: [] };
  if (!approve) {
    const records = pending.review.changes.map((c, i): WorktreeChangeRecord => {
      const text = pending.changes[i].next && !c.binary ? asText(pending.changes[i].next!) : null;
      return {
        path: c.path,
        kind: c.kind,
        diff: c.diff,
        status: 'pending',
        ...(text !== null ? { content: text } : {}),
      };
    });
    return { records, kept: pending };
  }
  const records = applyWorktree(main, pending, await approve(pending.review));
  const left = new Set(records.filter((r) => r.status === 'conflict' || r.status === 'declined').map((r) => r.path));
  if (!left.size) return { records };
  const keep = <T extends { path: string }>(list: T[]) => list.filter((c) => left.has(c.path));
  return {
    records,
    kept: { changes: keep(pending.changes), review: { ...pending.review, changes: keep(pending.review.changes) } },
  };
}

/** What the model reads about the review. */
export function worktreeSummary(records: readonly WorktreeChangeRecord[], root: string): string {
  if (records.length === 0) return 'The isolated copy has no file changes.';
  const rel = (p: string) => p.slice(root.length + 1);
  const group = (status: WorktreeChangeRecord['status']) =>
    records.filter((r) => r.status === status).map((r) => rel(r.path));
  const lines: string[] = [];
  const applied = [...group('applied'), ...group('merged')];
  if (applied.length) lines.push(`Applied to the workspace: ${applied.join(', ')}`);
  if (group('conflict').length)
    lines.push(
      `Conflicts (the workspace changed these files meanwhile; its versions were kept and the subagent's are saved for review): ${group('conflict').join(', ')}`,
    );
  if (group('declined').length) lines.push(`Not applied (declined by the user): ${group('declined').join(', ')}`);
  if (group('pending').length) lines.push(`Awaiting the user's review: ${group('pending').join(', ')}`);
  return lines.join('\n');
}
