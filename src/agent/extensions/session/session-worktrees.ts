// The worktree subagents of one session (and its children): what each changed, settled at its end
// (through the approval callback, or left pending for the user's review), and the user's later
// Apply or Discard, which the model hears of in its next request.
import type { AgentHost } from '../../agent-hooks';
import type { WorktreeChangeRecord } from '../../extension-events';
import type { FileTree } from '../../../workspace/file-tree';
import type { SubagentOutcome } from '../subagents/run-subagent';
import {
  applyWorktree,
  settleWorktree,
  worktreeReview,
  worktreeSummary,
  type PendingWorktree,
  type WorktreeApproval,
  type WorktreeDecision,
} from '../subagents/worktree-review';

export interface WorktreeDeps {
  tree?: FileTree;
  approve?: WorktreeApproval;
  /** The pending list changed (a subagent left changes, or the user decided on some). */
  changed?(): void;
  host(): AgentHost | undefined;
  turnId(): string;
  /** Text for the model's next request (the user's decision). */
  report(label: string, text: string): void;
}

export class SessionWorktrees {
  constructor(
    /** Shared by a session and its subagents' sessions. */
    readonly map: Map<string, PendingWorktree>,
    private readonly deps: WorktreeDeps,
  ) {}

  pending(): PendingWorktree[] {
    return [...this.map.values()];
  }

  /**
   * Applies the chosen files of a waiting worktree now (three-way, as at the end of the subagent);
   * the rest are discarded (their text stays in the `worktree-reviewed` record). [] when unknown.
   */
  decide(agentId: string, decision: WorktreeDecision): WorktreeChangeRecord[] {
    const pending = this.map.get(agentId);
    const tree = this.deps.tree;
    if (!pending || !tree) return [];
    this.map.delete(agentId);
    const records = applyWorktree(tree, pending, decision);
    this.deps.host()?.emit({ type: 'worktree-reviewed', turnId: this.deps.turnId(), agentId, changes: records });
    const { agentType, description } = pending.review;
    this.deps.report(
      'Worktree review',
      `The user reviewed the changes of ${agentType} agent ${agentId} (${description}):\n${worktreeSummary(records, tree.root)}`,
    );
    this.deps.changed?.();
    return records;
  }

  /** Settles a finished worktree subagent's changes; what the model reads about them. */
  async finish(
    outcome: SubagentOutcome,
    info: { agentType: string; description: string },
    turnId: string,
    signal: AbortSignal,
  ): Promise<string> {
    const tree = this.deps.tree!;
    const pending = worktreeReview(outcome.fork!, { agentId: outcome.agentId, ...info });
    const approve = signal.aborted ? undefined : this.deps.approve;
    const { records, kept } = await settleWorktree(tree, pending, approve);
    if (kept) {
      this.map.set(outcome.agentId, kept);
      this.deps.changed?.();
    }
    if (records.length)
      this.deps.host()?.emit({ type: 'worktree-reviewed', turnId, agentId: outcome.agentId, changes: records });
    return worktreeSummary(records, tree.root);
  }
}
