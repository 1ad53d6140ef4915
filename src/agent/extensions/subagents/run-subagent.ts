// One subagent: a child Agent with its own context, tools, mode and model, whose events go into
// the parent's stream tagged with its id (permission asks go to the parent's dialog, labelled with
// its name), whose final answer is the Agent tool's result, and whose cost is counted on its own.
import { Agent } from '../../agent';
import type { AgentHooks, AgentHost } from '../../agent-hooks';
import { type AgentEvent, MODE_PERMISSIVENESS as RANK, type PermissionMode, type TurnEndReason } from '../../events';
import { newId } from '../../ids';
import { costOf } from '../../../providers/catalog';
import type { Provider, Usage } from '../../../providers/types';
import type { Tool, ToolResult } from '../../../tools/types';
import type { FileTree } from '../../../workspace/file-tree';
import { forkTree, type TreeFork } from '../../../workspace/forked-tree';
import { createLiteWorkspace } from '../../../workspace/lite-workspace';
import type { Workspace } from '../../../workspace/types';
import type { AgentDefinition } from './agent-definition';
import type { AgentToolInput } from './agent-tool';

/** What the session gives a subagent run. */
export interface SubagentRuntime {
  host: AgentHost;
  turnId: string;
  agents: readonly AgentDefinition[];
  providerFor?(model: string): Provider | undefined;
  /** The model Explore uses when one is configured (`haiku` otherwise, if it resolves). */
  fastModel?: string;
  tree?: FileTree;
  createWorkspace?(tree: FileTree): Workspace;
  /** The child's extension hooks (the configured hooks with agent_id, its role) and its Skill tool. */
  childHooks(child: ChildInfo): { hooks: AgentHooks; tools: Tool[] };
  /** SubagentStart hooks; their additional context goes to the child. */
  subagentStarting(agentId: string, agentType: string, signal: AbortSignal): Promise<string | undefined>;
  running: Map<string, Agent>;
}

export interface ChildInfo {
  agentId: string;
  definition: AgentDefinition;
  /** Extra context for its first request (SubagentStart hooks). */
  context?: string;
}

export interface SubagentOutcome {
  agentId: string;
  reason: TurnEndReason;
  /** The final answer (or why there is none). */
  result: string;
  fork?: TreeFork;
  workspaceRoot: string;
}

export function findAgentType(
  agents: readonly AgentDefinition[],
  name: string | undefined,
): AgentDefinition | undefined {
  const wanted = (name ?? 'general-purpose').trim();
  return agents.find((a) => a.name === wanted) ?? agents.find((a) => a.name.toLowerCase() === wanted.toLowerCase());
}

/** Starts the child and resolves when it ends (aborted with `signal`). */
export async function runSubagent(
  rt: SubagentRuntime,
  input: AgentToolInput,
  definition: AgentDefinition,
  callId: string,
  signal: AbortSignal,
  onStarted?: (agentId: string) => void,
): Promise<SubagentOutcome> {
  const started = Date.now();
  const agentId = newId('agent');
  const parent = rt.host;
  const provider = resolveProvider(rt, input.model ?? definition.model, definition.name);
  const mode = stricter(parent.agent.mode, definition.permissionMode);
  const isolated = input.isolation === 'worktree' && rt.tree ? forkTree(rt.tree) : undefined;
  const workspace = isolated ? (rt.createWorkspace ?? defaultWorkspace)(isolated.tree) : parent.agent.workspace;
  const label = { id: agentId, name: definition.name };
  parent.emit({
    type: 'subagent-started',
    turnId: rt.turnId,
    callId,
    agentId,
    agentType: definition.name,
    description: input.description,
    prompt: input.prompt,
    model: provider.model,
    background: input.run_in_background === true,
    ...(isolated ? { isolation: 'worktree' as const } : {}),
  });
  onStarted?.(agentId);
  const context = await rt.subagentStarting(agentId, definition.name, signal);
  const extensions = rt.childHooks({ agentId, definition, context });
  const skillAllowed = !definition.tools || definition.tools.includes('Skill');
  const child = new Agent({
    workspace,
    provider,
    tools: [...childTools(parent.agent.toolList, definition), ...(skillAllowed ? extensions.tools : [])],
    mode,
    rules: parent.agent.rules,
    maxSteps: definition.maxTurns ?? 50,
    hooks: extensions.hooks,
  });
  let toolUses = 0;
  child.subscribe((event) => {
    if (event.type === 'tool-call') toolUses++;
    forward(parent, rt.turnId, agentId, label, event);
  });
  rt.running.set(agentId, child);
  const onAbort = () => child.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let reason: TurnEndReason;
  try {
    reason = signal.aborted ? 'aborted' : await child.send(input.prompt);
  } finally {
    signal.removeEventListener('abort', onAbort);
    rt.running.delete(agentId);
  }
  const answer = finalText(child);
  const result =
    reason === 'done'
      ? answer || '(The subagent finished without a final message.)'
      : `${answer ? `${answer}\n\n` : ''}[The subagent stopped: ${reason === 'max-turns' ? 'it reached its turn limit' : reason}.]`;
  parent.emit({
    type: 'subagent-ended',
    turnId: rt.turnId,
    callId,
    agentId,
    reason,
    result,
    usage: child.totalUsage,
    costUsd: cost(child.usageByModel),
    durationMs: Date.now() - started,
    toolUses,
  });
  return { agentId, reason, result, fork: isolated, workspaceRoot: workspace.root };
}

/** The child's events go into the parent's stream: its permission asks as the parent's own (labelled), the rest wrapped. */
function forward(
  parent: AgentHost,
  turnId: string,
  agentId: string,
  label: { id: string; name: string },
  event: AgentEvent,
): void {
  if (event.type === 'permission-asked' || event.type === 'permission-answered') {
    parent.emit({ ...event, turnId, agent: event.agent ?? label });
    return;
  }
  parent.emit({ type: 'subagent-event', agentId, event });
  // An "always allow" given to a subagent holds for the whole session.
  if (event.type === 'rules-changed') {
    const rules = parent.agent.rules;
    const allow = [...rules.allow, ...event.allow.filter((r) => !rules.allow.includes(r))];
    if (allow.length !== rules.allow.length)
      parent.emit({ type: 'rules-changed', allow, ask: [...rules.ask], deny: [...rules.deny] });
  }
}

function resolveProvider(rt: SubagentRuntime, model: string | undefined, type: string): Provider {
  const parent = rt.host.provider();
  const wanted = type === 'Explore' && model === 'haiku' && rt.fastModel ? rt.fastModel : model;
  if (!wanted || wanted === 'inherit') return parent;
  return rt.providerFor?.(wanted) ?? parent;
}

/** A definition may make the mode stricter than the parent's, never more permissive. */
function stricter(parent: PermissionMode, wanted: PermissionMode | undefined): PermissionMode {
  return wanted && RANK[wanted] < RANK[parent] ? wanted : parent;
}

/**
 * The parent's tools but Agent (subagents do not start subagents), narrowed by the definition.
 * MCP tools come along like any other (the parent's rules apply to them in the child as well); a
 * definition names them as permission rules do: `mcp__server__tool`, or `mcp__server` (or
 * `mcp__server__*`) for all of a server's tools. ToolSearch stays with any MCP tool the child keeps,
 * so a tool listed without its schema can still be loaded.
 */
export function childTools(parentTools: readonly Tool[], def: AgentDefinition): Tool[] {
  const names = (list: string[]) => new Set(list.map((t) => t.replace(/\(.*$/, '').replace(/__\*$/, '').trim()));
  const allowed = def.tools ? names(def.tools) : null;
  const denied = names(def.disallowedTools);
  const named = (t: Tool, set: Set<string>) =>
    set.has(t.name) || (t.aliases ?? []).some((a) => set.has(a)) || set.has(mcpServerOf(t.name) ?? '');
  const kept = parentTools.filter(
    (t) =>
      t.kind !== 'agent' &&
      t.name !== 'Skill' &&
      t.name !== 'ToolSearch' &&
      (!allowed || named(t, allowed)) &&
      !named(t, denied),
  );
  const search = parentTools.find((t) => t.name === 'ToolSearch');
  return search && !named(search, denied) && kept.some((t) => mcpServerOf(t.name)) ? [...kept, search] : kept;
}

/** `mcp__server` for an MCP tool's name `mcp__server__tool` (server names hold no `__`). */
function mcpServerOf(name: string): string | undefined {
  return /^(mcp__.+?)__/.exec(name)?.[1];
}

function finalText(agent: Agent): string {
  for (let i = agent.messages.length - 1; i >= 0; i--) {
    const m = agent.messages[i];
    if (m.role !== 'assistant') continue;
    const text = m.content
      .filter((b) => b.type === 'text')
      .map((b) => (b as { text: string }).text)
      .join('')
      .trim();
    if (text) return text;
  }
  return '';
}

function cost(byModel: Record<string, Usage>): number | null {
  let total = 0;
  for (const [model, usage] of Object.entries(byModel)) {
    const c = costOf(model, usage);
    if (c === undefined) return null;
    total += c;
  }
  return total;
}

function defaultWorkspace(tree: FileTree): Workspace {
  return createLiteWorkspace({ tree });
}
