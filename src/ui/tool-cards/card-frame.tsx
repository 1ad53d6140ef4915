import type { ReactNode } from 'react';
import { displayPath } from '../../lib/paths-and-urls';
import { toolDetailsOf, type ToolDetails, type ToolDetailsKind } from '../../tools/details';
import type { ToolCallState, ToolCallView } from '../../app/chat/chat-fold';
import { lineCount } from '../format';
import { useApp } from '../use-store';

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

const checked = new WeakMap<object, ToolDetails | undefined>();

/** The call's details, checked once per value: a malformed or unknown one is undefined (the card shows the text). */
export function checkedDetails(call: ToolCallView): ToolDetails | undefined {
  const raw = call.details;
  if (typeof raw !== 'object' || raw === null) return undefined;
  if (!checked.has(raw)) checked.set(raw, toolDetailsOf(raw));
  return checked.get(raw);
}

/** The call's details when they are of `kind` and well formed, else undefined. */
export function detailsOf<K extends ToolDetailsKind>(
  call: ToolCallView,
  kind: K,
): Extract<ToolDetails, { kind: K }> | undefined {
  const details = checkedDetails(call);
  return details?.kind === kind ? (details as Extract<ToolDetails, { kind: K }>) : undefined;
}

/**
 * A path from the call's input as shown before there are details (and in sessions stored before
 * they existed): relative to the workspace root. Details carry their paths already shown.
 */
export function useInputPath(path: unknown): string {
  const root = useApp().workspace.root;
  return typeof path === 'string' ? displayPath(path, root) : '';
}

/** A list the user may want to see but usually not all of: short lists show, long lists fold. */
export function FoldList({ label, count, children }: { label: ReactNode; count: number; children: ReactNode }) {
  if (count === 0) return null;
  return (
    <details className="tool-output" open={count <= 8}>
      <summary>{label}</summary>
      <ul className="tool-list">{children}</ul>
    </details>
  );
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function inputOf<T>(call: ToolCallView): Partial<T> {
  if (call.input && typeof call.input === 'object') return call.input as Partial<T>;
  // While arguments stream, show what can be parsed so far.
  try {
    return JSON.parse(call.argsText) as Partial<T>;
  } catch {
    return {};
  }
}
