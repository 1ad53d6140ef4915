import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { McpServerState } from '../../mcp/manager';
import type { McpConfigIssue } from '../../mcp/config';
import { openAuthorizationWindow } from '../../mcp/oauth/popup';
import { popupBlocked } from '../../mcp/oauth/sign-in';
import { useApp, useStore } from '../use-store';
import { McpProjectTrust } from './mcp-project';
import './mcp.css';

// MCP's part of Settings: the user's servers and the project's, each with its status (connecting,
// connected with its tool count, needs sign-in, failed with the reason and what to do) and its
// actions; and the Add server form (Server name, Server URL, Transport). Its own buttons and Enter
// never submit the provider form around it. Server text (names, messages) renders as text.

type Transport = 'http' | 'sse' | 'ws';

const TRANSPORTS: Array<{ value: Transport; label: string }> = [
  { value: 'http', label: 'Streamable HTTP' },
  { value: 'sse', label: 'SSE (older servers)' },
  { value: 'ws', label: 'WebSocket' },
];

/** `Name: value` lines into headers; a line without a colon is a problem named by its number. */
function parseHeaders(text: string): { headers?: Record<string, string>; error?: string } {
  const headers: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `Headers, line ${i + 1}: write it as "Name: value".` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return Object.keys(headers).length ? { headers } : {};
}

function statusText(server: McpServerState): string {
  switch (server.status) {
    case 'connected': {
      const n = server.toolCount ?? 0;
      return `connected · ${n} ${n === 1 ? 'tool' : 'tools'}`;
    }
    case 'needs-sign-in':
      return 'needs sign-in';
    case 'waiting-for-trust':
      return 'waiting for trust';
    case 'connecting':
      return 'connecting…';
    default:
      return server.status;
  }
}

function ServerRow({ server, userServer }: { server: McpServerState; userServer: boolean }) {
  const mcp = useApp().mcp;
  const [message, setMessage] = useState('');
  // The sign-in under way: only the callback page or Cancel sign-in ends it (the window's own
  // `closed` flag is meaningless under the app's Cross-Origin-Opener-Policy).
  const [signingIn, setSigningIn] = useState<AbortController | null>(null);
  const signInRef = useRef<AbortController | null>(null);
  useEffect(() => () => signInRef.current?.abort(), []);
  const remote = server.transport === 'http' || server.transport === 'sse';
  const disabled = server.status === 'disabled';

  const signIn = (): void => {
    // The window opens in the click itself, before any await, or the browser blocks it.
    const opened = openAuthorizationWindow();
    if (!opened.ok) {
      const failure = popupBlocked(server.name);
      setMessage(`${failure.message} ${failure.hint}`);
      return;
    }
    setMessage('');
    signInRef.current?.abort();
    const controller = new AbortController();
    signInRef.current = controller;
    setSigningIn(controller);
    void mcp.signIn(server.name, opened.value, controller.signal).then((result) => {
      if (signInRef.current !== controller) return; // a newer sign-in took over
      signInRef.current = null;
      setSigningIn(null);
      if (!result.ok) setMessage(`${result.error.message} ${result.error.hint}`);
    });
  };

  return (
    <li className={`mcp-server mcp-${server.status}`} aria-label={server.name}>
      <div className="mcp-server-head">
        <strong className="mcp-server-name">{server.name}</strong>
        <span className="mcp-server-where">
          {server.source === 'project' ? '.mcp.json · ' : ''}
          {server.url ?? server.transport}
        </span>
        <span className="mcp-status" role="status">
          {statusText(server)}
        </span>
      </div>
      {server.failure && server.status !== 'waiting-for-trust' && (
        <div className="mcp-failure">
          <p className="error-text">{server.failure.message}</p>
          <p className="field-note">{server.failure.hint}</p>
        </div>
      )}
      {message && (
        <p className="error-text" role="alert">
          {message}
        </p>
      )}
      {signingIn && (
        <p className="field-note" role="status">
          Approve access in the sign-in window. Closed it, or changed your mind? Press Cancel sign-in.
        </p>
      )}
      <div className="mcp-actions">
        {signingIn && (
          <button type="button" className="small" onClick={() => signingIn.abort()}>
            Cancel sign-in
          </button>
        )}
        {!signingIn &&
          remote &&
          (server.status === 'needs-sign-in' || (server.failure?.kind === 'auth-failed' && !disabled)) && (
            <button type="button" className="small" onClick={signIn}>
              Sign in
            </button>
          )}
        {server.signedIn && (
          <button type="button" className="ghost small" onClick={() => void mcp.signOut(server.name)}>
            Sign out
          </button>
        )}
        {server.status !== 'waiting-for-trust' && !disabled && (
          <button type="button" className="ghost small" onClick={() => void mcp.reconnect(server.name)}>
            Reconnect
          </button>
        )}
        {server.status !== 'waiting-for-trust' && (
          <button type="button" className="ghost small" onClick={() => void mcp.setEnabled(server.name, disabled)}>
            {disabled ? 'Enable' : 'Disable'}
          </button>
        )}
        {userServer && (
          <button
            type="button"
            className="ghost small"
            onClick={() =>
              void mcp.removeServer(server.name).then((removed) => !removed.ok && setMessage(removed.error))
            }
          >
            Remove
          </button>
        )}
      </div>
    </li>
  );
}

export function McpServersFieldset() {
  const mcp = useApp().mcp;
  const state = useStore(mcp.store, (s) => s);
  const ids = { name: useId(), url: useId(), transport: useId(), headers: useId(), note: useId() };
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [type, setType] = useState<Transport>('http');
  const [headers, setHeaders] = useState('');
  const [issues, setIssues] = useState<McpConfigIssue[]>([]);
  const [adding, setAdding] = useState(false);
  const userNames = new Set(state.records.map((r) => r.name));

  const add = async (): Promise<void> => {
    const parsed = parseHeaders(headers);
    if (parsed.error) {
      setIssues([{ field: 'headers', message: parsed.error }]);
      return;
    }
    setAdding(true);
    const added = await mcp.addServer({ name, url, type, ...(parsed.headers ? { headers: parsed.headers } : {}) });
    setAdding(false);
    if (!added.ok) {
      setIssues(added.error);
      return;
    }
    setIssues([]);
    setName('');
    setUrl('');
    setHeaders('');
  };

  const onEnter = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void add();
  };
  const issueFor = (field: string) => issues.filter((i) => (i.field ?? '').split('.')[0] === field);
  const other = issues.filter((i) => !['name', 'url', 'headers'].includes((i.field ?? '').split('.')[0]));
  const fieldError = (field: string) =>
    issueFor(field).map((i) => (
      <p key={i.message} className="error-text" role="alert">
        {i.message}
      </p>
    ));

  return (
    <fieldset className="mcp-settings">
      <legend>MCP servers</legend>
      <p className="field-note" id={ids.note}>
        Tools of connected servers are offered to the model as <code>mcp__server__tool</code> and ask before each call.
        The page talks to the server directly: it must allow this origin (CORS).
      </p>
      <McpProjectTrust />
      {!state.loaded && <p className="field-note">Loading MCP…</p>}
      {state.servers.length > 0 && (
        <ul className="mcp-server-list" aria-label="Configured MCP servers">
          {state.servers.map((server) => (
            <ServerRow key={server.name} server={server} userServer={userNames.has(server.name)} />
          ))}
        </ul>
      )}

      <div className="mcp-add">
        <label htmlFor={ids.name}>Server name</label>
        <input
          id={ids.name}
          autoComplete="off"
          spellCheck={false}
          placeholder="everything"
          value={name}
          aria-invalid={issueFor('name').length > 0}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={onEnter}
        />
        {fieldError('name')}
        <label htmlFor={ids.url}>Server URL</label>
        <input
          id={ids.url}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://example.com/mcp"
          value={url}
          aria-invalid={issueFor('url').length > 0}
          onChange={(e) => setUrl(e.target.value)}
          onKeyDown={onEnter}
        />
        {fieldError('url')}
        <label htmlFor={ids.transport}>Transport</label>
        <select id={ids.transport} value={type} onChange={(e) => setType(e.target.value as Transport)}>
          {TRANSPORTS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.headers}>Headers (optional)</label>
        <textarea
          id={ids.headers}
          rows={2}
          spellCheck={false}
          placeholder="Authorization: Bearer …"
          value={headers}
          aria-invalid={issueFor('headers').length > 0}
          onChange={(e) => setHeaders(e.target.value)}
        />
        <p className="field-note">
          One <code>Name: value</code> per line. Credentials (Authorization, keys, tokens) are kept like API keys: on
          this device, sent only to the server&apos;s origin.
        </p>
        {fieldError('headers')}
        {other.map((i) => (
          <p key={i.message} className="error-text" role="alert">
            {i.message}
          </p>
        ))}
        <button type="button" className="small" disabled={adding} onClick={() => void add()}>
          Add server
        </button>
      </div>
    </fieldset>
  );
}
