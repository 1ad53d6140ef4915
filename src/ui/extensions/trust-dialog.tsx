import { useEffect, useRef } from 'react';
import type { TrustItem } from '../../agent/extensions/trust/project-trust';
import type { TrustAsk } from '../../app/extensions/extensions';

// "Trust this project?": what the workspace's own files would run or load, listed before any of
// it does. Nothing is preselected as safe: focus starts on "Don't trust".

const KIND_LABEL: Record<TrustItem['kind'], string> = {
  hook: 'Hooks (run shell commands or send requests)',
  'shell-command': 'Commands that skills and custom commands run',
  settings: 'Settings (permissions, environment, model)',
  'mcp-server': 'MCP servers',
  memory: 'Instructions for the model (memory files)',
  skill: 'Skills',
  agent: 'Subagent types',
  command: 'Custom commands',
};

const ORDER: TrustItem['kind'][] = [
  'hook',
  'shell-command',
  'mcp-server',
  'settings',
  'memory',
  'skill',
  'command',
  'agent',
];

export function TrustDialog({ ask, onAnswer }: { ask: TrustAsk; onAnswer: (trusted: boolean) => void }) {
  const refuseRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    refuseRef.current?.focus();
  }, [ask.manifest.fingerprint]);
  const groups = ORDER.map((kind) => ({ kind, items: ask.manifest.items.filter((i) => i.kind === kind) })).filter(
    (g) => g.items.length > 0,
  );
  return (
    <div
      className="trust-dialog"
      role="dialog"
      aria-modal="false"
      aria-labelledby="trust-title"
      aria-describedby="trust-desc"
    >
      <p className="trust-title" id="trust-title">
        Trust this project?
      </p>
      <p id="trust-desc" className="muted">
        {ask.status === 'changed'
          ? 'Files you trusted before have changed. '
          : 'This workspace brings its own configuration. '}
        Until you trust it, none of this runs or reaches the model; your own settings apply either way.
      </p>
      <div className="trust-items">
        {groups.map((group) => (
          <section key={group.kind} aria-label={KIND_LABEL[group.kind]}>
            <h3>{KIND_LABEL[group.kind]}</h3>
            <ul>
              {group.items.map((item, i) => (
                <li key={i}>
                  <code>{item.detail}</code> <span className="muted">({item.file})</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <div className="trust-actions">
        <button type="button" className="primary" onClick={() => onAnswer(true)}>
          Trust
        </button>
        <button type="button" ref={refuseRef} onClick={() => onAnswer(false)}>
          Don't trust
        </button>
      </div>
    </div>
  );
}
