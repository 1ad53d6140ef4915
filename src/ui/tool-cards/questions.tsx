import type { ToolCallView } from '../../app/chat/chat-fold';
import { MarkdownView } from '../markdown-view';
import { CardFrame, Output, ResultNote, detailsOf, inputOf } from './card-frame';

// AskUserQuestion (each question with the answer given), ExitPlanMode (the plan and the verdict)
// and EnterPlanMode. Questions and plans are the model's text; the plan goes through the chat's
// sanitizing Markdown view, everything else renders as text.

interface AskInput {
  questions: { question: string; header: string }[];
}

export function AskUserQuestionCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'ask-user-question');
  const input = inputOf<AskInput>(call);
  const questions = details?.questions ?? (Array.isArray(input.questions) ? input.questions : []);
  return (
    <CardFrame call={call} subject={questions.map((q) => q.header).join(', ')}>
      <dl className="tool-answers">
        {questions.map((q, i) => (
          <div key={i}>
            <dt>{q.question}</dt>
            <dd>
              {details?.answers ? (
                details.answers[q.question] || <span className="muted">No preference</span>
              ) : details?.declined ? (
                <span className="muted">Dismissed</span>
              ) : (
                <span className="muted">Waiting for your answer</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <ResultNote call={call} />
    </CardFrame>
  );
}

const modeNames: Record<string, string> = {
  default: 'Ask before edits',
  acceptEdits: 'Accept edits',
  dontAsk: "Don't ask",
  bypassPermissions: 'Bypass permissions',
};

export function ExitPlanModeCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'exit-plan-mode');
  const plan = details?.plan ?? inputOf<{ plan: string }>(call).plan ?? '';
  const verdict = details
    ? details.approved
      ? `Approved · now ${modeNames[details.mode ?? 'default'] ?? details.mode}`
      : 'Kept planning'
    : null;
  return (
    <CardFrame call={call} subject={verdict ?? 'plan for approval'}>
      {plan && (
        <details className="tool-output" open={!details}>
          <summary>Plan</summary>
          <MarkdownView text={plan} className="tool-plan" />
        </details>
      )}
      {details?.feedback && <Output text={details.feedback} label="Your feedback" />}
      <ResultNote call={call} />
    </CardFrame>
  );
}

export function EnterPlanModeCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'enter-plan-mode');
  return (
    <CardFrame
      call={call}
      subject={details ? (details.entered ? 'Plan mode on' : 'Declined: plan mode stays off') : 'asks for plan mode'}
    >
      <ResultNote call={call} />
    </CardFrame>
  );
}
