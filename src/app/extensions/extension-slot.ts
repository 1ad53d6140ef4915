// One Agent's place for its extensions. The Agent takes its hooks and tools once, at construction,
// but what a workspace brings changes while the session is open (a clone lands, the user trusts
// the project, a skill is edited): each change loads a new ExtensionSession, installed here, and
// the Agent keeps talking to the same hooks and tools. A turn stays with the session it began in.
import type { AgentHooks, AgentHost } from '../../agent/agent-hooks';
import type { RuleLists } from '../../agent/events';
import type { WorktreeChangeRecord } from '../../agent/extension-events';
import type { WorktreeDecision, WorktreeReview } from '../../agent/extensions/subagents/worktree-review';
import type { ExtensionSession } from '../../agent/extensions/session/extension-session';
import { createSkillTool } from '../../agent/extensions/skills/skill-tool';
import { BUILTIN_AGENTS } from '../../agent/extensions/subagents/agent-definition';
import { createAgentTool } from '../../agent/extensions/subagents/agent-tool';
import type { Tool, ToolResult } from '../../tools/types';

/** `extra`'s rules added after `rules`' own, each once. */
function withRules(rules: RuleLists, extra: RuleLists | undefined): RuleLists {
  if (!extra || (!extra.allow.length && !extra.ask.length && !extra.deny.length)) return rules;
  const add = (a: string[], b: string[]) => [...a, ...b.filter((r) => !a.includes(r))];
  return { allow: add(rules.allow, extra.allow), ask: add(rules.ask, extra.ask), deny: add(rules.deny, extra.deny) };
}

const never = (): Promise<ToolResult> => Promise.reject(new Error('replaced by the installed session'));

/** A tool that runs the installed session's tool of the same name (or says there is none). */
function delegate(template: Tool, current: () => Tool | undefined, missing: string): Tool {
  return {
    ...template,
    run: (input, ctx) => current()?.run(input, ctx) ?? Promise.resolve({ content: missing, isError: true }),
  };
}

export class ExtensionSlot {
  /** The tools every agent carries (Agent). */
  readonly tools: Tool[];
  readonly skillTool: Tool;
  readonly hooks: AgentHooks;
  private host: AgentHost | undefined;
  private session: ExtensionSession | null = null;
  private readonly all = new Set<ExtensionSession>();
  private readonly byTurn = new Map<string, ExtensionSession>();
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly attached?: (agent: AgentHost['agent'], slot: ExtensionSlot) => void) {
    const find = (name: string) => () => this.session?.tools.find((t) => t.name === name);
    // Skill is offered only while a skill or described command is there (the app adds and removes it).
    this.skillTool = delegate(
      createSkillTool({ invokeForModel: never }),
      find('Skill'),
      'No skills are loaded in this project.',
    );
    this.tools = [
      delegate(createAgentTool(BUILTIN_AGENTS, { launch: never }), find('Agent'), 'Subagents are still loading.'),
    ];
    const of = (turnId: string) => this.byTurn.get(turnId) ?? this.session;
    this.hooks = {
      attach: (host) => {
        this.host = host;
        if (this.session) this.session.hooks.attach?.(host);
        this.attached?.(host.agent, this);
      },
      turnStarted: async (turnId, text, signal) => {
        // The first turn may come while the workspace's extensions still load: they apply to it.
        await this.pending.catch(() => undefined);
        const session = this.session;
        if (!session) return;
        this.byTurn.set(turnId, session);
        return session.hooks.turnStarted?.(turnId, text, signal);
      },
      systemSections: (turnId) => [...(of(turnId)?.hooks.systemSections?.(turnId) ?? []), ...this.customAgents()],
      memoryFiles: () => this.session?.hooks.memoryFiles?.() ?? false,
      providerFor: (turnId) => of(turnId)?.hooks.providerFor?.(turnId),
      // The project's permission rules (settings.json, settings.local.json) add to the user's for each call,
      // without entering the user's own settings (an "always allow" writes those back).
      rulesFor: (turnId, rules) => {
        const session = of(turnId);
        const layered = withRules(rules, session?.loaded.settings.rules);
        return session?.hooks.rulesFor?.(turnId, layered) ?? layered;
      },
      toolCalls: (turnId) => of(turnId)?.hooks.toolCalls?.(turnId),
      stepEnded: async (turnId, willStop, signal) => of(turnId)?.hooks.stepEnded?.(turnId, willStop, signal),
      compacting: async (turnId, trigger, instructions, signal) =>
        of(turnId)?.hooks.compacting?.(turnId, trigger, instructions, signal),
      turnEnded: (turnId, reason) => {
        of(turnId)?.hooks.turnEnded?.(turnId, reason);
        this.byTurn.delete(turnId);
      },
      // Subagents of an earlier session may still run (in the background): every session hears these.
      answerPermission: (callId, answer) => this.all.forEach((s) => s.hooks.answerPermission?.(callId, answer)),
      aborted: () => this.all.forEach((s) => s.hooks.aborted?.()),
    };
  }

  /** The session now in use (null before the first load). */
  get current(): ExtensionSession | null {
    return this.session;
  }

  /** Marks a load in progress: a turn that starts meanwhile waits for it. */
  loading(work: Promise<unknown>): void {
    this.pending = work;
  }

  /** Puts a freshly loaded session in place; turns already running finish with the one they began in. */
  install(session: ExtensionSession): void {
    if (this.host) session.hooks.attach?.(this.host);
    this.session = session;
    this.all.add(session);
  }

  /** Whether the model should be offered the Skill tool now. */
  get offersSkill(): boolean {
    return !!this.session?.tools.some((t) => t.name === 'Skill');
  }

  /** Worktree subagents' changes waiting for the user, from every session this slot has held. */
  pendingWorktrees(): WorktreeReview[] {
    return [...this.all].flatMap((s) => s.pendingWorktrees().map((p) => p.review));
  }

  /** The user's Apply (these files, or all) or Discard ('none') of a waiting worktree. */
  decideWorktree(agentId: string, decision: WorktreeDecision): WorktreeChangeRecord[] {
    for (const session of this.all)
      if (session.pendingWorktrees().some((p) => p.review.agentId === agentId))
        return session.applyPendingWorktree(agentId, decision);
    return [];
  }

  /** The Agent tool's description lists the built-in types; the project's own are named here. */
  private customAgents(): string[] {
    const custom = this.session?.loaded.agents.filter((a) => a.scope !== 'builtin') ?? [];
    if (!custom.length) return [];
    const lines = custom.map((a) => `- ${a.name}: ${a.description.replace(/\s+/g, ' ').slice(0, 300)}`);
    return [`# More subagent types for the Agent tool (subagent_type)\n${lines.join('\n')}`];
  }
}
