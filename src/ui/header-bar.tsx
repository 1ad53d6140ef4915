import { lazy, Suspense, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { PermissionMode } from '../agent/events';
import { activeModel, contextWindow, providerLabel, providerReady } from '../app/settings';
import type { BackendStatus } from '../workspace/boot-workspace';
import { formatTokens, formatUsd, modeLabels } from './format';
import { useApp, useStore } from './use-store';

// Only an embedded page shows it: its code stays out of everyone else's first load.
const OpenInTidepool = lazy(() => import('./embed-chrome').then((m) => ({ default: m.OpenInTidepool })));

/** Open/closed state of a small popover that closes on Escape or a click outside `within`. */
function usePopover(within: string): [boolean, Dispatch<SetStateAction<boolean>>] {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent): void => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !(event.target as Element).closest(within))
        setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open, within]);
  return [open, setOpen];
}

export function BackendIndicator({ backend, onSettings }: { backend: BackendStatus; onSettings: () => void }) {
  const [open, setOpen] = usePopover('.backend');
  const label = backend.backend === 'webcontainer' ? 'WebContainer' : 'Lite';
  return (
    <span className="backend" role="status" aria-label={`Workspace: ${label}. ${backend.reason}`}>
      <button
        type="button"
        className={`backend-pill backend-${backend.backend}${backend.booting ? ' is-booting' : ''}`}
        aria-expanded={open}
        title={backend.reason}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="dot" aria-hidden="true" />
        {label}
        <span className="muted"> · {backend.short}</span>
      </button>
      {open && (
        <span className="backend-pop">
          <span>{backend.reason}</span>
          <button type="button" className="link" onClick={() => (setOpen(false), onSettings())}>
            Choose the backend
          </button>
        </span>
      )}
    </span>
  );
}

/** What a phone-width header shows; the full label stays the button's accessible name. */
const shortModeLabels: Record<string, string> = {
  default: 'Ask',
  acceptEdits: 'Accept',
  plan: 'Plan',
  dontAsk: 'No asks',
  bypassPermissions: 'Bypass',
};

export function ModeControl({ mode, onCycle }: { mode: PermissionMode; onCycle: () => void }) {
  return (
    <button
      type="button"
      className={`mode-button mode-${mode}`}
      onClick={onCycle}
      title="Permission mode — Shift+Tab in the message box cycles it"
    >
      <span className="sr-only">Permission mode: </span>
      <span className="mode-long">{modeLabels[mode]}</span>
      <span className="mode-short" aria-hidden="true">
        {shortModeLabels[mode] ?? modeLabels[mode]}
      </span>
    </button>
  );
}

export function ContextMeter() {
  const app = useApp();
  const { lastInputTokens, usage, costUsd, ...figures } = useStore(app.chat.store, (s) => s.usage);
  // The agent's window once there is one; before that, the catalog's for the chosen model.
  const catalogWindow = useStore(app.settings.store, contextWindow);
  const windowTokens = figures.contextWindow ?? catalogWindow;
  const fraction = windowTokens && lastInputTokens ? Math.min(1, lastInputTokens / windowTokens) : 0;
  const total = usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const pct = Math.round(fraction * 100);
  return (
    <span
      className="usage"
      title={`Context: ${formatTokens(lastInputTokens)}${windowTokens ? ` of ${formatTokens(windowTokens)}` : ''} tokens · session: ${formatTokens(total)} tokens`}
    >
      <span
        className="meter"
        role="meter"
        aria-label="Context used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={windowTokens ? `${pct}% of ${formatTokens(windowTokens)} tokens` : 'context window unknown'}
      >
        <span
          className={`meter-fill${fraction > 0.8 ? ' is-high' : ''}`}
          style={{ width: `${Math.max(fraction * 100, fraction ? 2 : 0)}%` }}
        />
      </span>
      <span className="usage-text" aria-label="Session usage">
        {total === 0
          ? 'no tokens yet'
          : `${windowTokens ? `${pct}% · ` : ''}${formatTokens(total)} tok${costUsd !== null ? ` · ${formatUsd(costUsd)}` : ''}`}
      </span>
    </span>
  );
}

/** On a narrow screen (CSS shows it only there) the secondary controls fold into this menu. */
function HeaderMenu({
  model,
  onSessions,
  onSourceControl,
  sourceControlOpen,
}: {
  /** The model in use, once one is set up. */
  model: string | null;
  onSessions?: () => void;
  onSourceControl?: () => void;
  sourceControlOpen: boolean;
}) {
  const [open, setOpen] = usePopover('.header-more');
  const pick = (action?: () => void) => () => {
    setOpen(false);
    action?.();
  };
  return (
    <span className="header-more">
      <button
        type="button"
        className="ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">⋯</span>
        <span className="sr-only">More</span>
      </button>
      {open && (
        <span className="header-more-pop" role="menu" aria-label="More">
          {onSessions && (
            <button type="button" role="menuitem" className="ghost" onClick={pick(onSessions)}>
              Sessions
            </button>
          )}
          {onSourceControl && (
            <button
              type="button"
              role="menuitemcheckbox"
              aria-checked={sourceControlOpen}
              className="ghost"
              onClick={pick(onSourceControl)}
            >
              Source control
            </button>
          )}
          {model && <span className="muted">{model}</span>}
        </span>
      )}
    </span>
  );
}

export function HeaderBar({
  onToggleWorkspace,
  onSourceControl,
  sourceControlOpen = false,
  workspaceOpen,
  embed = null,
}: {
  onToggleWorkspace?: () => void;
  onSourceControl?: () => void;
  sourceControlOpen?: boolean;
  workspaceOpen: boolean;
  /** Embedded in a host page: no session list or source control, a link out instead. */
  embed?: { hostOrigin: string | null } | null;
}) {
  const app = useApp();
  const backend = useStore(app.backend, (s) => s);
  const title = useStore(app.sessions.store, (s) => s.current?.title ?? '');
  const settings = useStore(app.settings.store, (s) => s.settings);
  const ready = useStore(app.settings.store, providerReady);
  const label = useStore(app.settings.store, providerLabel);
  const model = useStore(app.settings.store, activeModel);
  const baseUrl = useStore(app.settings.store, (s) => s.hostEndpoint?.baseUrl ?? s.settings.baseUrl);
  const onSettings = (): void => app.view.openSettings();
  const onSessions = (): void => app.view.openSessionDialog('sessions');
  return (
    <header className="header-bar">
      <span className="brand">
        <svg viewBox="0 0 32 32" width="20" height="20" aria-hidden="true">
          <path d="M2 20c4-5 8-5 12 0s8 5 12 0 4-3 4-3v9H2z" fill="currentColor" opacity=".35" />
          <path
            d="M2 15c4-5 8-5 12 0s8 5 12 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.5"
            strokeLinecap="round"
          />
        </svg>
        <span className="brand-name">Tidepool</span>
      </span>
      <BackendIndicator backend={backend} onSettings={onSettings} />
      {title && (
        <span className="session-name" aria-label={`Session: ${title}`} title={title}>
          {title}
        </span>
      )}
      <span className="spacer" />
      {ready && (
        <span className="model-name" title={`${label} · ${baseUrl}`}>
          {model}
        </span>
      )}
      <ModeControl mode={settings.mode} onCycle={() => app.settings.cycleMode()} />
      <ContextMeter />
      {onSourceControl && (
        <button
          type="button"
          className="ghost header-secondary"
          aria-pressed={sourceControlOpen}
          onClick={onSourceControl}
        >
          Source control
        </button>
      )}
      {onToggleWorkspace && (
        <button type="button" className="ghost" aria-pressed={workspaceOpen} onClick={onToggleWorkspace}>
          Workspace
        </button>
      )}
      {embed ? (
        <Suspense fallback={null}>
          <OpenInTidepool hostOrigin={embed.hostOrigin} />
        </Suspense>
      ) : (
        <>
          <button type="button" className="ghost header-secondary" onClick={onSessions}>
            Sessions
          </button>
          <HeaderMenu
            model={ready ? model : null}
            onSessions={onSessions}
            onSourceControl={onSourceControl}
            sourceControlOpen={sourceControlOpen}
          />
        </>
      )}
      <button type="button" className="ghost" onClick={onSettings}>
        Settings
      </button>
    </header>
  );
}
