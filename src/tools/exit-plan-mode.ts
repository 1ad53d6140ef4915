import { z } from 'zod';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';
import type { SessionMode } from './services';

/** Card data: the plan as presented, and the user's verdict. */
export interface ExitPlanModeDetails {
  kind: 'exit-plan-mode';
  plan: string;
  approved: boolean;
  /** The mode the user switched to on approval. */
  mode?: Exclude<SessionMode, 'plan'>;
  feedback?: string;
}

export const exitPlanModeTool = defineTool({
  name: 'ExitPlanMode',
  kind: 'meta',
  description:
    'In plan mode, presents your plan (Markdown, in `plan`) to the user for approval. On approval plan mode ends and you carry out the plan; ' +
    "otherwise you get the user's feedback and keep planning. Use it only for plans of code changes, after you have read enough to be concrete.",
  // Claude Code reads the plan from a plan file; here the plan travels in the call (as older Claude Code sent it).
  input: z.looseObject({
    plan: z.string().trim().min(1).describe('The plan, in Markdown'),
    allowedPrompts: z
      .array(z.object({ tool: z.string(), prompt: z.string() }))
      .optional()
      .describe('Deprecated; ignored'),
  }),
  summary: () => 'ExitPlanMode',
  available: (services) => !!services.approvePlan,
  async run(input, ctx) {
    if (ctx.mode !== undefined && ctx.mode !== 'plan')
      return errorResult('You are not in plan mode: there is no plan to approve. Go ahead with the task.');
    const decision = await ctx.approvePlan!(input.plan, ctx.signal);
    if (ctx.signal.aborted) return errorResult('The user interrupted before deciding on the plan.');
    if (!decision.approved) {
      const details: ExitPlanModeDetails = {
        kind: 'exit-plan-mode',
        plan: input.plan,
        approved: false,
        ...(decision.feedback ? { feedback: decision.feedback } : {}),
      };
      return {
        content:
          'The user wants to keep planning; plan mode is still on.' +
          (decision.feedback
            ? ` Their feedback: ${decision.feedback}`
            : ' Ask what they would like changed, or refine the plan.'),
        details,
      };
    }
    const details: ExitPlanModeDetails = {
      kind: 'exit-plan-mode',
      plan: input.plan,
      approved: true,
      mode: decision.mode,
    };
    return {
      content:
        `User has approved your plan; permission mode is now ${decision.mode}. You can now start coding. ` +
        `Start with updating your todo list if applicable.\n\n## Approved Plan:\n${input.plan}`,
      mode: decision.mode,
      details,
    };
  },
});
