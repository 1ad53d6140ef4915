// The Agent tool (also answering to its older name, Task) with Claude Code's input: it starts a
// subagent with its own context and returns its final answer. Calls made in one step run at once.
import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool';
import { looseBoolean } from '../../../tools/lenient';
import type { Tool, ToolResult } from '../../../tools/types';
import type { AgentDefinition } from './agent-definition';

export const agentInput = z.object({
  description: z.string().describe('A short (3-5 word) description of the task'),
  prompt: z.string().describe('The task for the agent to perform, with everything it needs to know'),
  subagent_type: z.string().optional().describe('The type of agent to use (default general-purpose)'),
  model: z.string().optional().describe('Model override: "sonnet", "opus", "haiku" or a model id'),
  run_in_background: looseBoolean().describe('Run in the background; you are told when it finishes'),
  isolation: z
    .enum(['worktree'])
    .optional()
    .describe('"worktree": work on an isolated copy; its changes are reviewed before they apply'),
});

export type AgentToolInput = z.infer<typeof agentInput>;

export interface SubagentLauncher {
  launch(input: AgentToolInput, callId: string | undefined, signal: AbortSignal): Promise<ToolResult>;
}

export function createAgentTool(agents: readonly AgentDefinition[], launcher: SubagentLauncher): Tool {
  const types = agents.map((a) => `- ${a.name}: ${a.description.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n');
  return defineTool({
    name: 'Agent',
    aliases: ['Task'],
    kind: 'agent',
    description:
      'Starts a subagent with its own context to do a self-contained task, and returns its final report. ' +
      'Several Agent calls in one response run in parallel. The subagent sees only your prompt, so include what it needs. ' +
      `Agent types (subagent_type):\n${types}`,
    input: agentInput,
    permission: (input) => ({ ruleName: 'Agent', value: input.subagent_type ?? 'general-purpose' }),
    summary: (input) => `Agent (${input.subagent_type ?? 'general-purpose'}): ${input.description}`,
    run: (input, ctx) => launcher.launch(input, ctx.callId, ctx.signal),
  });
}
