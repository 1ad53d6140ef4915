import { useId, useState, type KeyboardEvent } from 'react';
import { normaliseProxyUrl } from '../../app/git';
import { useApp, useStore } from '../use-store';
import './git.css';

// Git's part of Settings: the CORS proxy (saved as soon as it is a valid URL, with the plain truth
// about what a proxy sees) and per-host tokens, kept like API keys. Its own buttons never submit
// the provider form around it.

const noSubmit = (event: KeyboardEvent): void => {
  if (event.key === 'Enter') event.preventDefault();
};

export function GitSettingsFieldset() {
  const git = useApp().git;
  const state = useStore(git.store, (s) => s);
  const ids = { proxyNote: useId(), tokenNote: useId() };
  const [proxy, setProxy] = useState(state.settings.corsProxy);
  const [proxyError, setProxyError] = useState('');
  const [host, setHost] = useState('');
  const [token, setToken] = useState('');
  const [tokenMessage, setTokenMessage] = useState<{ error: boolean; text: string } | null>(null);

  const changeProxy = (value: string): void => {
    setProxy(value);
    if (normaliseProxyUrl(value) === null) {
      setProxyError('Not saved: enter an http(s) URL such as http://localhost:9999, or leave it empty.');
      return;
    }
    const saved = git.saveSettings({ corsProxy: value });
    setProxyError(saved.ok ? '' : saved.error);
  };

  const saveToken = async (): Promise<void> => {
    const result = await git.saveToken(host, token);
    if (!result.ok) {
      setTokenMessage({ error: true, text: result.error });
      return;
    }
    setTokenMessage({
      error: false,
      text: token.trim() ? `Token saved for ${host.trim()}.` : `Token for ${host.trim()} removed.`,
    });
    setToken('');
    setHost('');
  };

  return (
    <fieldset className="git-settings">
      <legend>Git</legend>
      <label>
        CORS proxy URL
        <input
          type="url"
          value={proxy}
          placeholder="http://localhost:9999"
          spellCheck={false}
          autoComplete="off"
          aria-describedby={ids.proxyNote}
          aria-invalid={proxyError ? true : undefined}
          onKeyDown={noSubmit}
          onChange={(e) => changeProxy(e.target.value)}
        />
      </label>
      {proxyError && (
        <p className="error-text" role="alert">
          {proxyError}
        </p>
      )}
      <p className="field-note warning" id={ids.proxyNote}>
        Hosts such as GitHub and GitLab send no CORS headers, so the browser reaches them only through this proxy. A
        proxy sees everything it forwards: the repositories you clone and push, their contents, and your token for
        private ones. Use a public proxy only for public repositories; for private ones run your own (
        <code>npx @isomorphic-git/cors-proxy start -p 9999</code>). Hosts that allow CORS are fetched directly.
      </p>
      <details className="field-note">
        <summary>What a proxy can see, and running your own (from docs/git.md)</summary>
        <ul>
          <li>The repositories you clone, fetch and push, and their full contents.</li>
          <li>
            <strong>Your token</strong>, for private repositories: it travels in the <code>Authorization</code> header
            of the requests the proxy forwards, so the proxy's operator could read and reuse it.
          </li>
          <li>Your IP address and when you use it.</li>
        </ul>
        <p>
          Run <code>npx @isomorphic-git/cors-proxy start -p 9999</code> and set <code>http://localhost:9999</code> here.{' '}
          <code>ALLOW_ORIGIN</code> limits it to your Tidepool's origin. Use tokens with the narrowest scope (read-only,
          one repository) and an expiry.
        </p>
      </details>

      <div className="git-row">
        <label className="git-url">
          Token host
          <input
            value={host}
            placeholder="github.com"
            spellCheck={false}
            autoComplete="off"
            onKeyDown={noSubmit}
            onChange={(e) => setHost(e.target.value)}
          />
        </label>
        <label className="git-url">
          Git token
          <input
            type="password"
            value={token}
            autoComplete="off"
            aria-describedby={ids.tokenNote}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void saveToken();
              }
            }}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <button type="button" className="small" disabled={!host.trim()} onClick={() => void saveToken()}>
          Save token
        </button>
      </div>
      <p className="field-note" id={ids.tokenNote}>
        For private repositories. Kept on this device only, like API keys, and sent only to that exact host, over HTTPS,
        when it asks for credentials (for a server without HTTPS, enter <code>http://host:port</code>). Save an empty
        token to remove one; Forget stored keys removes them all.
      </p>
      {tokenMessage && (
        <p className={tokenMessage.error ? 'error-text' : 'field-note'} role={tokenMessage.error ? 'alert' : 'status'}>
          {tokenMessage.text}
        </p>
      )}
      {state.tokenHosts.length > 0 && (
        <ul className="git-token-list" aria-label="Saved git tokens">
          {state.tokenHosts.map((h) => (
            <li key={h}>
              <code>{h}</code>
              <button
                type="button"
                className="ghost small"
                aria-label={`Forget the token for ${h}`}
                onClick={() => void git.forgetToken(h)}
              >
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
