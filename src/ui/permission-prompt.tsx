import { useEffect, useRef } from 'react';
import type { PermissionAnswer } from '../agent/events';
import type { PendingPermission } from '../app/chat/chat-fold';

export interface PermissionDialogProps {
  request: PendingPermission;
  queued: number;
  onAnswer: (callId: string, answer: PermissionAnswer) => void;
}

/** C0/C1 controls (tab and newline aside), zero-width and bidirectional marks: they hide or reorder text. */
const HIDDEN =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** The command as it will run, with every character that would not show made visible. */
export function visibleCommand(command: string): string {
  return command.replace(HIDDEN, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀ … ␟ (Control Pictures)
    if (code === 0x7f) return '␡';
    return `⟦U+${code.toString(16).toUpperCase().padStart(4, '0')}⟧`;
  });
}

/**
 * The "ask" decision: one call, three answers. Focus lands on Allow; Esc stops the turn (handled by
 * the app). A shell command is shown whole (scrolling, hidden characters made visible), with each
 * command it runs and whatever the analysis flagged, so what is approved is what will run.
 */
export default function PermissionPrompt({ request, queued, onAnswer }: PermissionDialogProps) {
  const allowRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    allowRef.current?.focus();
  }, [request.callId]);
  const titleId = `perm-title-${request.callId}`;
  const descId = `perm-desc-${request.callId}`;
  const review = request.review;
  return (
    <div className="permission" role="dialog" aria-modal="false" aria-labelledby={titleId} aria-describedby={descId}>
      <p className="permission-title" id={titleId}>
        Allow <strong>{request.toolName}</strong>
        {request.agentName && (
          <>
            {' '}
            for the <strong>{request.agentName}</strong> subagent
          </>
        )}
        ?
      </p>
      {review ? (
        <>
          {review.warnings.length > 0 && (
            <ul className="permission-warnings" aria-label="Warnings">
              {review.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <pre className="permission-command" id={descId} tabIndex={0} aria-label="Command">
            {visibleCommand(review.command)}
          </pre>
          {review.parts.length > 0 && (
            <details className="permission-parts" open={review.parts.length <= 6}>
              <summary>Runs {review.parts.length === 1 ? '1 command' : `${review.parts.length} commands`}</summary>
              <ul aria-label="Commands it runs">
                {review.parts.map((part, i) => (
                  <li key={i}>
                    <code>{visibleCommand(part.text)}</code>
                    {part.note && <span className="muted"> — {part.note}</span>}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      ) : (
        <pre className="permission-summary" id={descId}>
          {request.summary}
        </pre>
      )}
      {request.reason && <p className="permission-reason muted">Asking because {request.reason}.</p>}
      <div className="permission-actions">
        <button
          ref={allowRef}
          type="button"
          className="primary"
          onClick={() => onAnswer(request.callId, { decision: 'allow-once' })}
        >
          Allow
        </button>
        <button
          type="button"
          aria-describedby={`${titleId}-rule`}
          onClick={() => onAnswer(request.callId, { decision: 'allow-always', rule: request.suggestedRule })}
        >
          Always allow
        </button>
        <button type="button" className="danger" onClick={() => onAnswer(request.callId, { decision: 'deny' })}>
          Deny
        </button>
        <span className="muted permission-rule" id={`${titleId}-rule`}>
          “Always allow” adds <code>{request.suggestedRule}</code> to your allow rules (see /permissions).
          {queued > 0 && ` ${queued} more waiting.`}
        </span>
      </div>
    </div>
  );
}
