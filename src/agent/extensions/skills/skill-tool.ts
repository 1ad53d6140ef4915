// The Skill tool: the model loads a skill's (or described command's) full instructions by name,
// Claude Code's `{ skill, args? }`. Its result is the expanded body, so the body enters the
// conversation only now; a `context: fork` skill runs in a subagent and returns its answer instead.
import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool';
import type { Tool, ToolResult } from '../../../tools/types';

export interface SkillInvoker {
  /** Runs the named skill for the model; an unknown or user-only name is an error result. */
  invokeForModel(name: string, args: string, signal: AbortSignal): Promise<ToolResult>;
}

export function createSkillTool(invoker: SkillInvoker): Tool {
  return defineTool({
    name: 'Skill',
    kind: 'meta',
    description:
      'Loads a skill listed under "# Skills" in the system prompt and returns its full instructions; follow them. ' +
      'Call it before doing a task a skill covers. `skill` is the name (no slash); `args` is passed as its arguments.',
    input: z.object({
      skill: z.string().min(1).describe('The skill name, e.g. "pdf" or "frontend:component"'),
      args: z.string().optional().describe('Arguments for the skill, as the user would type them after /name'),
    }),
    permission: (input) => ({ ruleName: 'Skill', value: input.skill }),
    summary: (input) => `Skill: ${input.skill}${input.args ? ` ${input.args}` : ''}`,
    run: (input, ctx) => invoker.invokeForModel(input.skill.replace(/^\//, ''), input.args ?? '', ctx.signal),
  });
}
