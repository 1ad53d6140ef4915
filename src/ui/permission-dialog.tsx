import { useEffect, useRef } from 'react';
import type { PermissionAnswer } from '../agent/events';
import type { PendingPermission } from '../app/chat/chat-fold';

/** The "ask" decision: one call, three answers. Focus lands on Allow; Esc stops the turn (handled by the app). */
export function PermissionDialog({
  request,
  queued,
  onAnswer,
}: {
  request: PendingPermission;
  queued: number;
  onAnswer: (callId: string, answer: PermissionAnswer) => void;
}) {
  const allowRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    allowRef.current?.focus();
  }, [request.callId]);
  const titleId = `perm-title-${request.callId}`;
  const descId = `perm-desc-${request.callId}`;
  return (
    <div className="permission" role="dialog" aria-modal="false" aria-labelledby={titleId} aria-describedby={descId}>
      <p className="permission-title" id={titleId}>
        Allow <strong>{request.toolName}</strong>?
      </p>
      <pre className="permission-summary" id={descId}>
        {request.summary}
      </pre>
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
