import { z } from 'zod';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';

/** Card data: whether the user agreed to switch into plan mode. */
export interface EnterPlanModeDetails {
  kind: 'enter-plan-mode';
  entered: boolean;
}

export const enterPlanModeTool = defineTool({
  name: 'EnterPlanMode',
  kind: 'meta',
  description:
    'Asks the user to switch into plan mode, for work that needs exploring and a plan before any change: read-only tools only, ' +
    'then present the plan with ExitPlanMode. Use it for large or unclear tasks, not for small fixes.',
  input: z.object({}),
  summary: () => 'EnterPlanMode',
  available: (services) => !!services.confirmPlanMode,
  async run(_input, ctx) {
    if (ctx.mode === 'plan') return errorResult('Plan mode is already on.');
    const agreed = await ctx.confirmPlanMode!(ctx.signal);
    if (ctx.signal.aborted) return errorResult('The user interrupted before deciding.');
    if (!agreed) {
      const details: EnterPlanModeDetails = { kind: 'enter-plan-mode', entered: false };
      return { content: 'The user declined to enter plan mode. Go on with the task as you were.', details };
    }
    const details: EnterPlanModeDetails = { kind: 'enter-plan-mode', entered: true };
    return {
      content:
        'Entered plan mode. Explore the codebase with read-only tools and design an approach; do not change files or run commands that change anything. ' +
        'When the plan is ready, present it with ExitPlanMode.',
      mode: 'plan',
      details,
    };
  },
});
