import type { ReactNode } from 'react';
import type { ChatItem, SubagentView } from '../../app/chat/chat-fold';
import { formatUsd } from '../../agent/commands/format';

// The chat's lines for skills, commands and hooks, and the card of a subagent (its own chat inside).

export function ContextLine({ item }: { item: Extract<ChatItem, { kind: 'context' }> }) {
  const what =
    item.source === 'command'
      ? 'Command'
      : item.source === 'skill'
        ? 'Skill'
        : item.source === 'hook'
          ? 'Hook context'
          : item.source === 'mcp-resource'
            ? 'MCP resource'
            : 'Subagent report';
  return (
    <details className="context-line" aria-label={`${what} ${item.label} added to the conversation`}>
      <summary>
        {what} <code>{item.label}</code> added to the conversation
      </summary>
      <pre className="context-text">{item.text}</pre>
    </details>
  );
}

const OUTCOME: Record<Extract<ChatItem, { kind: 'hook' }>['outcome'], string> = {
  success: 'ran',
  blocked: 'blocked',
  error: 'failed',
  timeout: 'timed out',
  cancelled: 'cancelled',
};

export function HookLine({ item }: { item: Extract<ChatItem, { kind: 'hook' }> }) {
  return (
    <div
      className={`hook-line hook-${item.outcome}`}
      role="note"
      aria-label={`${item.hookEvent} hook ${OUTCOME[item.outcome]}`}
    >
      <span className="hook-event">{item.hookEvent}</span> hook <code>{item.label}</code> {OUTCOME[item.outcome]}
      <span className="muted">
        {' '}
        · {item.durationMs} ms · {item.file}
      </span>
      {item.message && <div className="hook-message">{item.message}</div>}
    </div>
  );
}

const STATUS: Record<SubagentView['status'], string> = {
  running: 'running',
  done: 'done',
  aborted: 'stopped',
  error: 'failed',
  'max-turns': 'hit its step limit',
};

export function SubagentCard({ agent, children }: { agent: SubagentView; children: ReactNode }) {
  const status = STATUS[agent.status] ?? agent.status;
  const cost = agent.costUsd != null ? formatUsd(agent.costUsd) : null;
  return (
    <article
      className={`subagent-card state-${agent.status}`}
      aria-label={`${agent.agentType} subagent: ${agent.description}`}
      aria-busy={agent.status === 'running'}
    >
      <header className="subagent-head">
        <strong>{agent.agentType}</strong> {agent.description}
        <span className="subagent-status" role="status">
          {' '}
          {status}
          {agent.background ? ' · background' : ''}
          {agent.isolation === 'worktree' ? ' · worktree' : ''}
        </span>
        <span className="muted">
          {' '}
          · {agent.model}
          {agent.toolUses !== undefined ? ` · ${agent.toolUses} tool use${agent.toolUses === 1 ? '' : 's'}` : ''}
          {agent.durationMs !== undefined ? ` · ${(agent.durationMs / 1000).toFixed(1)} s` : ''}
          {cost ? ` · ${cost}` : ''}
        </span>
      </header>
      <details className="subagent-transcript" open={agent.status === 'running'}>
        <summary>Transcript</summary>
        <div role="log" aria-label={`${agent.description} transcript`}>
          {children}
        </div>
      </details>
      {agent.result !== undefined && (
        <div className="subagent-result" aria-label="Result">
          <pre>{agent.result}</pre>
        </div>
      )}
    </article>
  );
}
