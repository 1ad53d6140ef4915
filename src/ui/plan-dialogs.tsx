import { useEffect, useRef, useState } from 'react';
import type { PlanRequest } from '../app/interaction';
import type { PlanDecision } from '../tools/services';
import { MarkdownView } from './markdown-view';

// ExitPlanMode's approval (the plan as Markdown, Approve plan into the mode the user picks, or Keep
// planning with feedback) and EnterPlanMode's question. The plan is the model's text: it goes
// through the same sanitizing Markdown view as the chat.

type ApprovedMode = Extract<PlanDecision, { approved: true }>['mode'];

const modes: Array<[ApprovedMode, string]> = [
  ['default', 'Ask before edits'],
  ['acceptEdits', 'Accept edits'],
  ['dontAsk', "Don't ask (allowed tools only)"],
  ['bypassPermissions', 'Bypass permissions'],
];

export function PlanApprovalDialog({
  request,
  onDecide,
}: {
  request: PlanRequest;
  onDecide: (id: number, decision: PlanDecision) => void;
}) {
  const [mode, setMode] = useState<ApprovedMode>('default');
  const [feedback, setFeedback] = useState('');
  const approveRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    setFeedback('');
    approveRef.current?.focus();
  }, [request.id]);
  const titleId = `plan-title-${request.id}`;
  return (
    <div className="permission plan-approval" role="dialog" aria-modal="false" aria-labelledby={titleId}>
      <p className="permission-title" id={titleId}>
        Approve the agent's plan?
      </p>
      <section className="plan-text" aria-label="Plan" tabIndex={0}>
        <MarkdownView text={request.plan} />
      </section>
      <label className="plan-field">
        Mode after approval{' '}
        <select value={mode} onChange={(e) => setMode(e.target.value as ApprovedMode)}>
          {modes.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="plan-field">
        Feedback
        <textarea
          rows={2}
          value={feedback}
          placeholder="What should change (sent with Keep planning)"
          onChange={(e) => setFeedback(e.target.value)}
        />
      </label>
      <div className="permission-actions">
        <button
          ref={approveRef}
          type="button"
          className="primary"
          onClick={() => onDecide(request.id, { approved: true, mode })}
        >
          Approve plan
        </button>
        <button
          type="button"
          onClick={() =>
            onDecide(request.id, { approved: false, ...(feedback.trim() ? { feedback: feedback.trim() } : {}) })
          }
        >
          Keep planning
        </button>
      </div>
    </div>
  );
}

export function EnterPlanDialog({ id, onDecide }: { id: number; onDecide: (id: number, agreed: boolean) => void }) {
  const enterRef = useRef<HTMLButtonElement>(null);
  useEffect(() => enterRef.current?.focus(), [id]);
  const titleId = `enter-plan-${id}`;
  return (
    <div className="permission" role="dialog" aria-modal="false" aria-labelledby={titleId}>
      <p className="permission-title" id={titleId}>
        Switch to plan mode?
      </p>
      <p className="muted">
        The agent wants to explore and plan before changing anything: only read-only tools run until you approve its
        plan.
      </p>
      <div className="permission-actions">
        <button ref={enterRef} type="button" className="primary" onClick={() => onDecide(id, true)}>
          Enter plan mode
        </button>
        <button type="button" onClick={() => onDecide(id, false)}>
          Not now
        </button>
      </div>
    </div>
  );
}
