import type { ReactNode } from 'react';
import type { ToolCallState, ToolCallView } from '../../app/chat/chat-fold';
import { lineCount } from '../format';

const stateLabel: Record<ToolCallState, string> = {
  preparing: 'preparing',
  asking: 'waiting for you',
  running: 'running',
  done: 'done',
  error: 'failed',
  denied: 'denied',
  interrupted: 'interrupted',
};

export interface CardFrameProps {
  call: ToolCallView;
  /** What the call does, e.g. the command or the path. */
  subject?: ReactNode;
  children?: ReactNode;
}

/** The shared shell of every tool card: name, subject, state, then the tool's own body. */
export function CardFrame({ call, subject, children }: CardFrameProps) {
  return (
    <article className={`tool-card state-${call.state}`} aria-label={`${call.name} ${call.summary}`}>
      <header className="tool-card-head">
        <span className="tool-name">{call.name}</span>
        <span className="tool-subject">{subject ?? call.summary}</span>
        <span className={`tool-state state-${call.state}`}>
          {(call.state === 'running' || call.state === 'preparing') && <span className="spinner" aria-hidden="true" />}
          {stateLabel[call.state]}
        </span>
      </header>
      {children}
    </article>
  );
}

/** Output the user may want to see but usually not all of: short output shows, long output folds. */
export function Output({
  text,
  label = 'Output',
  open,
  error,
}: {
  text: string;
  label?: string;
  open?: boolean;
  error?: boolean;
}) {
  if (!text) return null;
  const lines = lineCount(text);
  const startOpen = open ?? (error || lines <= 8);
  return (
    <details className={`tool-output${error ? ' is-error' : ''}`} open={startOpen}>
      <summary>
        {label}{' '}
        <span className="muted">
          ({lines} {lines === 1 ? 'line' : 'lines'})
        </span>
      </summary>
      <pre>{text}</pre>
    </details>
  );
}

/** The result text when the call failed or was refused: what the model was told. */
export function ResultNote({ call }: { call: ToolCallView }) {
  if (!call.result || (call.state !== 'error' && call.state !== 'denied' && call.state !== 'interrupted')) return null;
  return <pre className="tool-error">{call.result}</pre>;
}

export function inputOf<T>(call: ToolCallView): Partial<T> {
  if (call.input && typeof call.input === 'object') return call.input as Partial<T>;
  // While arguments stream, show what can be parsed so far.
  try {
    return JSON.parse(call.argsText) as Partial<T>;
  } catch {
    return {};
  }
}
