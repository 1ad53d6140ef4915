// One agent's extensions at work: the AgentHooks the loop calls, the Skill and Agent tools, and
// the session-level hook events. A subagent gets a session of its own (same settings and skills,
// its role and agent_id added), so hooks fire inside subagents too.
import type { Agent } from '../../agent';
import type { AgentHooks, AgentHost } from '../../agent-hooks';
import type { ContextSource, WorktreeChangeRecord } from '../../extension-events';
import type { RuleLists } from '../../events';
import { newId } from '../../ids';
import type { Provider } from '../../../providers/types';
import type { Tool, ToolResult } from '../../../tools/types';
import type { FileTree } from '../../../workspace/file-tree';
import type { Workspace } from '../../../workspace/types';
import { HookDispatcher } from '../hooks/hook-dispatcher';
import type { LoadedExtensions } from '../load-extensions';
import type { PromptDefinition } from '../prompt-definition';
import { createSkillTool } from '../skills/skill-tool';
import { skillListing } from '../skills/skill-listing';
import { expandPrompt, substituteArguments } from '../skills/substitutions';
import type { AgentDefinition } from '../subagents/agent-definition';
import { createAgentTool, type AgentToolInput } from '../subagents/agent-tool';
import {
  findAgentType,
  runSubagent,
  type ChildInfo,
  type SubagentOutcome,
  type SubagentRuntime,
} from '../subagents/run-subagent';
import type { PendingWorktree, WorktreeApproval, WorktreeDecision } from '../subagents/worktree-review';
import { exportSettingsEnv } from '../settings/shell-env';
import { SessionWorktrees } from './session-worktrees';
import { runShellExpansion } from './shell-expansion';
import { toolCallHooks } from './tool-call-hooks';

/** What the app layer supplies. Everything is optional except the session id. */
export interface ExtensionDeps {
  sessionId: string;
  /** A provider for a model alias (`haiku`, `sonnet`, `opus`) or id; undefined keeps the current model. */
  providerFor?(model: string): Provider | undefined;
  /** Explore's fast model, when one is configured. */
  fastModel?: string;
  /** The main file tree: `isolation: "worktree"` forks it. Without it, such subagents share the workspace. */
  tree?: FileTree;
  /** The workspace over a forked tree (default: a lite workspace over it). */
  createWorkspace?(tree: FileTree): Workspace;
  /** Shows a worktree subagent's diff and answers which files to apply; without it changes wait in `pendingWorktrees`. */
  approveWorktree?: WorktreeApproval;
  /** The pending worktree list changed (see `pendingWorktrees`). */
  worktreesChanged?(): void;
  fetch?: typeof fetch;
  /** A background subagent finished (the app may start a turn so the model reads its report). */
  onBackgroundDone?(done: { agentId: string; description: string; result: string }): void;
}

interface TurnState {
  active: PromptDefinition[];
  provider?: Provider;
  stopHookActive: boolean;
  halt: boolean;
  pending: Map<string, string>;
}

interface ChildRole {
  agentId: string;
  definition: AgentDefinition;
  context?: string;
  /** Shared with the parent session. */
  worktrees: Map<string, PendingWorktree>;
}

const INVOCATION = /^\/([A-Za-z0-9][\w.:-]*)(?:\s+([\s\S]*))?$/;

export class ExtensionSession {
  readonly tools: Tool[] = [];
  readonly hooks: AgentHooks;
  private host: AgentHost | undefined;
  private dispatcher: HookDispatcher | undefined;
  private currentTurn: string | undefined;
  private readonly turns = new Map<string, TurnState>();
  private readonly queued: { source: ContextSource; label: string; text: string }[] = [];
  private readonly running = new Map<string, Agent>();
  private readonly background = new Map<string, AbortController>();
  private readonly worktrees: SessionWorktrees;
  private readonly lifetime = new AbortController();
  private envExported = false;

  constructor(
    readonly loaded: LoadedExtensions,
    private readonly deps: ExtensionDeps,
    private readonly child?: ChildRole,
  ) {
    this.worktrees = new SessionWorktrees(child?.worktrees ?? new Map(), {
      tree: deps.tree,
      approve: deps.approveWorktree,
      changed: deps.worktreesChanged,
      host: () => this.host,
      turnId: () => this.currentTurn ?? '',
      report: (label, text) => this.queued.push({ source: 'subagent', label, text }),
    });
    // Claude Code offers Skill while there is something the model may invoke.
    if (loaded.prompts.some((p) => !p.disableModelInvocation))
      this.tools.push(createSkillTool({ invokeForModel: (n, a, s) => this.invokeForModel(n, a, s) }));
    if (!child) this.tools.push(createAgentTool(loaded.agents, { launch: (i, c, s) => this.launch(i, c, s) }));
    this.hooks = {
      attach: (host) => this.attach(host),
      turnStarted: (turnId, text, signal) => this.turnStarted(turnId, text, signal),
      systemSections: () => this.systemSections(),
      // The project's CLAUDE.md and AGENTS.md reach the model only once the project is trusted.
      memoryFiles: () => this.loaded.projectLoaded,
      providerFor: (turnId) => this.turns.get(turnId)?.provider,
      rulesFor: (turnId, rules) => this.rulesFor(turnId, rules),
      toolCalls: (turnId) => this.toolCalls(turnId),
      stepEnded: (turnId, willStop, signal) => this.stepEnded(turnId, willStop, signal),
      compacting: async (turnId, trigger, instructions, signal) => {
        const t = trigger === 'manual' ? 'manual' : 'auto';
        await this.dispatcher?.fire(
          'PreCompact',
          { trigger: t, custom_instructions: instructions ?? null },
          { signal, turnId, matchValues: [t] },
        );
      },
      turnEnded: (turnId) => {
        this.turns.delete(turnId);
        if (this.currentTurn === turnId) this.currentTurn = undefined;
      },
      answerPermission: (callId, answer) => {
        for (const agent of this.running.values()) agent.answerPermission(callId, answer);
      },
      aborted: () => {
        for (const controller of this.background.values()) controller.abort();
      },
    };
  }

  /** SessionStart hooks (`startup`, `resume`, `clear`, `compact`); their context goes into the next turn. */
  async sessionStarted(source: 'startup' | 'resume' | 'clear' | 'compact'): Promise<void> {
    const r = await this.dispatcher?.fire(
      'SessionStart',
      { source, model: this.host?.agent.model },
      { signal: this.lifetime.signal, matchValues: [source] },
    );
    if (r?.additionalContext)
      this.queued.push({ source: 'hook', label: 'SessionStart hook', text: r.additionalContext });
  }

  /** SessionEnd hooks (`clear`, `logout`, `prompt_input_exit`, `other`); stops background subagents. */
  async sessionEnded(reason: 'clear' | 'resume' | 'logout' | 'prompt_input_exit' | 'other'): Promise<void> {
    await this.dispatcher?.fire(
      'SessionEnd',
      { reason },
      { signal: new AbortController().signal, matchValues: [reason] },
    );
    this.hooks.aborted?.();
  }

  /** Notification hooks (e.g. `idle_prompt` when the agent waits for the user). */
  notify(message: string, type: string, title?: string): void {
    void this.dispatcher?.fire(
      'Notification',
      { message, notification_type: type, ...(title ? { title } : {}) },
      { signal: this.lifetime.signal, matchValues: [type], turnId: this.currentTurn },
    );
  }

  /** Worktree changes waiting for the user's decision (no approval callback, or declined and kept). */
  pendingWorktrees(): PendingWorktree[] {
    return this.worktrees.pending();
  }

  /** Applies a waiting worktree's chosen files now (three-way); the rest are discarded. The model hears of it. */
  applyPendingWorktree(agentId: string, decision: WorktreeDecision): WorktreeChangeRecord[] {
    return this.worktrees.decide(agentId, decision);
  }

  /** Skills and commands the model may invoke (listed in every request). */
  modelPrompts(): PromptDefinition[] {
    return this.loaded.prompts.filter((p) => !p.disableModelInvocation);
  }

  private attach(host: AgentHost): void {
    if (this.host) throw new Error('An ExtensionSession serves one Agent: make a new one for each.');
    this.host = host;
    const settings = this.loaded.settings;
    this.dispatcher = new HookDispatcher(settings.hooks, {
      sessionId: this.deps.sessionId,
      workspace: host.agent.workspace,
      env: settings.env,
      mode: () => host.agent.mode,
      agent: this.child ? { id: this.child.agentId, type: this.child.definition.name } : undefined,
      emit: (event) => host.emit(event),
      fetch: this.deps.fetch,
      provider: (model) => (model ? (this.deps.providerFor?.(model) ?? host.provider()) : host.provider()),
    });
  }

  private async turnStarted(turnId: string, text: string, signal: AbortSignal): Promise<'blocked' | void> {
    this.currentTurn = turnId;
    // Settings' `model` (user, or a trusted project's) is the main agent's model for every turn.
    const model = this.child ? undefined : this.loaded.settings.model;
    const provider = model ? this.deps.providerFor?.(model) : undefined;
    const state: TurnState = { active: [], provider, stopHookActive: false, halt: false, pending: new Map() };
    this.turns.set(turnId, state);
    const host = this.host!;
    const add = (source: ContextSource, label: string, body: string) =>
      host.emit({ type: 'context-added', turnId, source, label, text: body });
    if (this.child?.context) add('hook', 'SubagentStart hook', this.child.context);
    if (this.child) return;
    if (!this.envExported) {
      this.envExported = true;
      await exportSettingsEnv(host.agent.workspace, this.loaded.settings.env, signal);
    }
    const r = await this.dispatcher!.fire('UserPromptSubmit', { prompt: text }, { signal, turnId });
    if (r.block || r.stop) {
      host.emit({
        type: 'prompt-blocked',
        turnId,
        text,
        reason: r.block ?? r.stop?.reason ?? 'A hook stopped the prompt.',
      });
      return 'blocked';
    }
    for (const item of this.queued.splice(0)) add(item.source, item.label, item.text);
    const invoked = INVOCATION.exec(text.trim());
    const def = invoked && this.findPrompt(invoked[1], (p) => p.userInvocable);
    if (def) {
      const args = (invoked![2] ?? '').trim();
      this.activate(state, def);
      if (def.context === 'fork') {
        const result = await this.runForked(def, args, signal);
        add(
          'subagent',
          `/${def.name}`,
          `/${def.name} ran in a ${def.agent ?? 'general-purpose'} subagent. Its report:\n\n${result.content}`,
        );
      } else {
        const body = await this.expand(def, args, turnId, signal);
        add(def.kind, `/${def.name}`, `${lead(def)}\n\n${body}`);
      }
    }
    if (r.additionalContext) add('hook', 'UserPromptSubmit hook', r.additionalContext);
  }

  private systemSections(): string[] {
    const sections: string[] = [];
    if (this.child) {
      const def = this.child.definition;
      sections.push(
        `# Your role: ${def.name} subagent\n${def.prompt}\nYour final message is your report to the main agent; it sees nothing else.`,
      );
      for (const name of def.skills) {
        const skill = this.findPrompt(name, (p) => p.kind === 'skill');
        if (skill)
          sections.push(`# Skill: ${skill.name}\n${substituteArguments(skill.body, skill, '', this.deps.sessionId)}`);
      }
    }
    const listing = skillListing(this.loaded.prompts);
    if (listing && this.tools.some((t) => t.name === 'Skill')) sections.push(listing);
    return sections;
  }

  private rulesFor(turnId: string, rules: RuleLists): RuleLists {
    const active = this.turns.get(turnId)?.active;
    if (!active?.length) return rules;
    const allow = active.flatMap((d) => d.allowedTools);
    const deny = active.flatMap((d) => d.disallowedTools);
    return { allow: [...rules.allow, ...allow], ask: rules.ask, deny: [...rules.deny, ...deny] };
  }

  private toolCalls(turnId: string) {
    const d = this.dispatcher;
    const relevant = ['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'Notification'] as const;
    const state = this.turns.get(turnId);
    if (!d || !state || !relevant.some((e) => d.has(e))) return undefined;
    return toolCallHooks(d, turnId, {
      halt: () => void (state.halt = true),
      pending: state.pending,
      asking: (call) =>
        this.notify(
          `Tidepool needs your permission to use ${call.tool.name}`,
          'permission_prompt',
          'Permission needed',
        ),
    });
  }

  private async stepEnded(turnId: string, willStop: boolean, signal: AbortSignal): Promise<'continue' | 'halt' | void> {
    const state = this.turns.get(turnId);
    if (!state) return;
    if (state.halt) return 'halt';
    if (!willStop) return;
    const host = this.host!;
    const event = this.child ? 'SubagentStop' : 'Stop';
    if (this.dispatcher?.has(event)) {
      const fields: Record<string, unknown> = {
        stop_hook_active: state.stopHookActive,
        last_assistant_message: lastText(host),
      };
      if (this.child) fields.agent_transcript_path = '';
      const r = await this.dispatcher.fire(event, fields, {
        signal,
        turnId,
        matchValues: this.child ? [this.child.definition.name] : undefined,
      });
      if (r.stop) return 'halt';
      if (r.block && !signal.aborted) {
        state.stopHookActive = true;
        host.emit({
          type: 'context-added',
          turnId,
          source: 'hook',
          label: `${event} hook`,
          text: `${event} hook feedback: ${r.block}`,
        });
        return 'continue';
      }
    }
    // Background subagents that finished while this turn ran report before it ends.
    const reports = this.queued.filter((q) => q.source === 'subagent');
    if (reports.length) {
      this.queued.splice(0, this.queued.length, ...this.queued.filter((q) => q.source !== 'subagent'));
      for (const q of reports)
        host.emit({ type: 'context-added', turnId, source: q.source, label: q.label, text: q.text });
      return 'continue';
    }
  }

  private findPrompt(name: string, filter: (p: PromptDefinition) => boolean): PromptDefinition | undefined {
    const n = name.toLowerCase();
    return this.loaded.prompts.find((p) => p.name.toLowerCase() === n && filter(p));
  }

  private activate(state: TurnState, def: PromptDefinition): void {
    state.active.push(def);
    if (def.model && def.model !== 'inherit') state.provider = this.deps.providerFor?.(def.model) ?? state.provider;
  }

  private expand(def: PromptDefinition, args: string, turnId: string, signal: AbortSignal): Promise<string> {
    const host = this.host!;
    const workspace = host.agent.workspace;
    return expandPrompt(def, args, {
      sessionId: this.deps.sessionId,
      runShell: (command) =>
        runShellExpansion(command, {
          host,
          turnId,
          rules: this.rulesFor(turnId, host.agent.rules),
          signal,
          invokedAs: `/${def.name}`,
          env: this.loaded.settings.env,
        }),
      readFile: async (path) => {
        try {
          const abs = workspace.resolve(path);
          return (await workspace.stat(abs))?.kind === 'file' ? await workspace.readText(abs) : null;
        } catch {
          return null;
        }
      },
    });
  }

  private async invokeForModel(name: string, args: string, signal: AbortSignal): Promise<ToolResult> {
    const def = this.findPrompt(name, () => true);
    const turnId = this.currentTurn;
    const state = turnId ? this.turns.get(turnId) : undefined;
    if (!def || !turnId || !state) {
      const names = this.modelPrompts().map((p) => p.name);
      return { content: `Unknown skill "${name}". Available: ${names.join(', ') || '(none)'}.`, isError: true };
    }
    if (def.disableModelInvocation)
      return { content: `"${def.name}" can only be invoked by the user, by typing /${def.name}.`, isError: true };
    this.activate(state, def);
    if (def.context === 'fork') return this.runForked(def, args, signal);
    const body = await this.expand(def, args, turnId, signal);
    return { content: `${lead(def)}\n\n${body}` };
  }

  private async runForked(def: PromptDefinition, args: string, signal: AbortSignal): Promise<ToolResult> {
    const body = await this.expand(def, args, this.currentTurn!, signal);
    return this.launch({ description: `/${def.name}`, prompt: body, subagent_type: def.agent }, undefined, signal);
  }

  private runtime(turnId: string): SubagentRuntime {
    return {
      host: this.host!,
      turnId,
      agents: this.loaded.agents,
      providerFor: this.deps.providerFor,
      fastModel: this.deps.fastModel,
      tree: this.deps.tree,
      createWorkspace: this.deps.createWorkspace,
      running: this.running,
      childHooks: (child: ChildInfo) => {
        const session = new ExtensionSession(this.loaded, this.deps, { ...child, worktrees: this.worktrees.map });
        return { hooks: session.hooks, tools: session.tools };
      },
      subagentStarting: async (agentId, agentType, signal) => {
        const r = await this.dispatcher?.fire(
          'SubagentStart',
          { agent_id: agentId, agent_type: agentType },
          { signal, turnId, matchValues: [agentType] },
        );
        return r?.additionalContext;
      },
    };
  }

  private async launch(input: AgentToolInput, callId: string | undefined, signal: AbortSignal): Promise<ToolResult> {
    if (!this.host) throw new Error('The Agent tool runs only in the Agent its ExtensionSession was given to (hooks).');
    const def = findAgentType(this.loaded.agents, input.subagent_type);
    if (!def)
      return {
        content: `Unknown subagent_type "${input.subagent_type}". Available: ${this.loaded.agents.map((a) => a.name).join(', ')}.`,
        isError: true,
      };
    const turnId = this.currentTurn ?? '';
    const rt = this.runtime(turnId);
    const id = callId ?? newId('call');
    if (!input.run_in_background) {
      const outcome = await runSubagent(rt, input, def, id, signal);
      const review = outcome.fork ? `\n\n${await this.finishWorktree(outcome, def, input, turnId, signal)}` : '';
      return { content: `${outcome.result}${review}`, isError: outcome.reason === 'error' || undefined };
    }
    const controller = new AbortController();
    let started!: (agentId: string) => void;
    const agentIdKnown = new Promise<string>((resolve) => (started = resolve));
    const run = runSubagent(rt, input, def, id, controller.signal, started);
    void run.then(
      async (outcome) => {
        this.background.delete(outcome.agentId);
        const review = outcome.fork
          ? `\n\n${await this.finishWorktree(outcome, def, input, turnId, controller.signal)}`
          : '';
        const text = `Background agent ${outcome.agentId} (${def.name}: ${input.description}) finished:\n\n${outcome.result}${review}`;
        this.queued.push({ source: 'subagent', label: input.description, text });
        this.deps.onBackgroundDone?.({
          agentId: outcome.agentId,
          description: input.description,
          result: outcome.result,
        });
      },
      (error) => console.error('Tidepool background subagent failed', error),
    );
    const agentId = await agentIdKnown;
    this.background.set(agentId, controller);
    return {
      content: `Started ${def.name} agent ${agentId} in the background: ${input.description}. Its report will come to you when it finishes; go on meanwhile.`,
    };
  }

  private finishWorktree(
    outcome: SubagentOutcome,
    def: AgentDefinition,
    input: AgentToolInput,
    turnId: string,
    signal: AbortSignal,
  ): Promise<string> {
    return this.worktrees.finish(outcome, { agentType: def.name, description: input.description }, turnId, signal);
  }
}

function lead(def: PromptDefinition): string {
  if (def.kind === 'command') return `The user ran the custom command /${def.name}. Its instructions:`;
  return `Skill "${def.name}" is loaded.${def.dir ? ` Base directory: ${def.dir} (read the files beside SKILL.md from there when needed).` : ''} Its instructions:`;
}

function lastText(host: AgentHost): string {
  const messages = host.agent.messages;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role !== 'assistant') continue;
    const text = messages[i].content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
    if (text) return text;
  }
  return '';
}
