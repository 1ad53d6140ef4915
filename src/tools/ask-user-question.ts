import { z } from 'zod';
import { defineTool } from './define-tool';
import { errorResult } from './file-guards';
import type { UserQuestion } from './services';

/** Card data: the questions and, once given, the answers (question text → answer). */
export interface AskUserQuestionDetails {
  kind: 'ask-user-question';
  questions: UserQuestion[];
  answers?: Record<string, string>;
  declined?: boolean;
}

const option = z.object({
  label: z.string().trim().min(1).describe('1-5 words, shown on the button'),
  description: z.string().describe('What choosing it means'),
  preview: z.string().optional().describe('Optional content shown when the option is focused'),
});

const question = z
  .object({
    question: z.string().trim().min(1).describe('The full question, ending with "?"'),
    header: z.string().trim().min(1).max(30).describe('A very short label (max 12 chars), e.g. "Library"'),
    options: z.array(option).min(2).max(4).describe('2-4 distinct choices; "Other" is added automatically'),
    multiSelect: z.boolean().describe('Allow choosing several options'),
  })
  .refine((q) => new Set(q.options.map((o) => o.label.toLowerCase())).size === q.options.length, {
    message: 'option labels must be unique within a question',
    path: ['options'],
  });

export const askUserQuestionTool = defineTool({
  name: 'AskUserQuestion',
  kind: 'meta',
  description:
    'Asks the user 1-4 multiple-choice questions and waits for the answers: to settle a choice that changes the work ' +
    '(approach, library, scope) instead of guessing. Each question has 2-4 options; the user can also type their own answer.',
  input: z.object({
    questions: z
      .array(question)
      .min(1)
      .max(4)
      .refine((qs) => new Set(qs.map((q) => q.question)).size === qs.length, { message: 'questions must be unique' }),
  }),
  summary: (input) => `AskUserQuestion: ${input.questions.map((q) => q.header).join(', ')}`,
  available: (services) => !!services.askUser,
  async run(input, ctx) {
    const questions: UserQuestion[] = input.questions.map((q) => ({
      question: q.question,
      header: q.header,
      options: q.options.map((o) => ({
        label: o.label,
        description: o.description,
        ...(o.preview ? { preview: o.preview } : {}),
      })),
      multiSelect: q.multiSelect,
    }));
    const reply = await ctx.askUser!(questions, ctx.signal);
    if (ctx.signal.aborted) return errorResult('The user interrupted before answering.');
    if (!reply) {
      const details: AskUserQuestionDetails = { kind: 'ask-user-question', questions, declined: true };
      return {
        ...errorResult(
          "The user dismissed the questions without answering. Don't ask again; go on with your best judgment, or ask in plain text.",
        ),
        details,
      };
    }
    const pairs = questions.map((q) => {
      const answer = reply.answers[q.question]?.trim();
      const note = reply.notes?.[q.question]?.trim();
      return `"${q.question}"="${answer || '[No preference]'}"${note ? ` (user notes: ${note})` : ''}`;
    });
    const details: AskUserQuestionDetails = { kind: 'ask-user-question', questions, answers: reply.answers };
    return {
      content: `User has answered your questions: ${pairs.join(', ')}. You can now continue with the user's answers in mind.`,
      details,
    };
  },
});
