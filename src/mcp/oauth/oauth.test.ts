// OAuth 2.1 with PKCE against a real local flow (test/fixtures/mcp-oauth-server.ts): discovery,
// dynamic client registration, the consent page "clicked" by the test in the sign-in window,
// the code handed back through the app's callback page, tokens stored per origin, refresh,
// sign-out. The window is the real openAuthorizationWindow over a stand-in for window.open whose
// navigation the test performs with fetch, as a browser would.
import { SERVER_HOOK_TIMEOUT } from '../../../test/fixtures/mcp-everything';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOAuthFixture, type OAuthFixture } from '../../../test/fixtures/mcp-oauth-server';
import { call, makeContext } from '../../tools/test-context';
import { createMcpManager, type McpManager } from '../manager';
import { memorySecretStore } from '../secret-store';
import {
  handleOAuthCallbackPage,
  openAuthorizationWindow,
  parseOAuthCallback,
  type AuthorizationWindow,
  type WindowOpener,
} from './popup';
import { popupBlocked } from './sign-in';

const REDIRECT = 'http://127.0.0.1:5173/oauth/callback';

type Decision = 'allow' | 'deny' | 'close';

interface WindowOptions {
  /** The pages the window showed. */
  seen?: string[];
  /** Called once the consent page is up; the "user" answers when the returned promise settles. */
  onConsentPage?: () => Promise<void>;
  /** Counts reads of the window's `closed` flag (which reads true, as under COOP). */
  closedReads?: { count: number };
}

/** A sign-in window whose "user" answers the consent page with `decision`. */
function testWindow(decision: Decision, options: WindowOptions = {}): AuthorizationWindow {
  const seen = options.seen ?? [];
  const browse = async (url: string): Promise<void> => {
    seen.push(url);
    const page = await fetch(url, { redirect: 'manual' });
    const html = await page.text();
    await options.onConsentPage?.();
    if (decision === 'close') return; // the user shut the window instead of answering
    const request = /name="request" value="([^"]+)"/.exec(html)![1];
    const consent = await fetch(new URL('/consent', url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request, decision }),
      redirect: 'manual',
    });
    const callback = consent.headers.get('location')!;
    seen.push(callback);
    // The app's callback page: posts the code to the tab and closes itself.
    handleOAuthCallbackPage(callback, undefined, () => {});
  };
  const opener: WindowOpener = {
    open: () => ({
      // Under the app's Cross-Origin-Opener-Policy the reference is severed once the window
      // leaves for the authorization server: `closed` reads true while the user is still signing in.
      get closed() {
        if (options.closedReads) options.closedReads.count++;
        return true;
      },
      location: {
        set href(url: string) {
          void browse(url);
        },
        get href() {
          return 'about:blank';
        },
      },
      close: () => {},
    }),
  };
  const opened = openAuthorizationWindow(opener);
  if (!opened.ok) throw new Error('window blocked');
  return opened.value;
}

let fixture: OAuthFixture;
let manager: McpManager;
const secrets = memorySecretStore();

beforeAll(async () => {
  fixture = await startOAuthFixture();
  manager = createMcpManager({ secrets, oauth: { redirectUrl: REDIRECT, clientName: 'Tidepool test' } });
  manager.setServers([{ name: 'secure', source: 'user', config: { type: 'http', url: fixture.mcpUrl } }]);
  await manager.settled();
}, SERVER_HOOK_TIMEOUT);
afterAll(async () => {
  await manager.close();
  await fixture.close();
}, SERVER_HOOK_TIMEOUT);

const echo = () => manager.tools().find((t) => t.name === 'mcp__secure__echo');

describe('OAuth for remote MCP servers', () => {
  it('shows a server that answers 401 as needing sign-in', () => {
    expect(manager.states()[0]).toMatchObject({
      status: 'needs-sign-in',
      signedIn: false,
      failure: { kind: 'auth-required' },
    });
    expect(echo()).toBeUndefined();
  });

  it('signs in: discovery, registration, PKCE, consent in the window, tokens bound to the server origin', async () => {
    const seen: string[] = [];
    const result = await manager.signIn('secure', testWindow('allow', { seen }));
    expect(result).toEqual({ ok: true, value: undefined });
    const authorize = new URL(seen[0]);
    expect(authorize.origin).toBe(fixture.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(authorize.searchParams.get('resource')).toBe(fixture.mcpUrl);
    const callback = parseOAuthCallback(seen[1]);
    expect(callback.state).toBe(authorize.searchParams.get('state'));
    expect(fixture.stats.registrations).toBe(1);

    expect(manager.states()[0]).toMatchObject({ status: 'connected', signedIn: true });
    expect((await call(echo()!, { message: 'signed in' }, makeContext())).content).toBe('Echo: signed in');
    const stored = secrets.entries();
    const mcpOrigin = new URL(fixture.mcpUrl).origin;
    expect(stored.every(([origin]) => origin === mcpOrigin)).toBe(true);
    expect(stored.map(([, name]) => name).sort()).toEqual(['oauth-client:/mcp', 'oauth-tokens:/mcp']);
  });

  it('refreshes an expired access token without asking again', async () => {
    const before = await secrets.get(new URL(fixture.mcpUrl).origin, 'oauth-tokens:/mcp');
    fixture.expireAccessTokens();
    expect((await call(echo()!, { message: 'after expiry' }, makeContext())).content).toBe('Echo: after expiry');
    expect(fixture.stats.refreshes).toBe(1);
    expect(fixture.stats.codesIssued).toBe(1); // no second consent
    expect(await secrets.get(new URL(fixture.mcpUrl).origin, 'oauth-tokens:/mcp')).not.toBe(before);
  });

  it('signs out: tokens forgotten, the server needs sign-in again, its tools fail readably', async () => {
    const tool = echo()!;
    await manager.signOut('secure');
    expect(manager.states()[0]).toMatchObject({ status: 'needs-sign-in', signedIn: false });
    expect(await secrets.get(new URL(fixture.mcpUrl).origin, 'oauth-tokens:/mcp')).toBeNull();
    const result = await call(tool, { message: 'x' }, makeContext());
    expect(result).toMatchObject({ isError: true, content: expect.stringContaining('"secure" needs you to sign in.') });
  });

  it('waits for the callback however long the user takes, whatever the severed window reference says', async () => {
    await manager.signOut('secure');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      let consentShown!: () => void;
      const shown = new Promise<void>((resolve) => (consentShown = resolve));
      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      const closedReads = { count: 0 };
      const window = testWindow('allow', {
        closedReads,
        onConsentPage: () => {
          consentShown();
          return answered;
        },
      });
      const pending = manager.signIn('secure', window);
      await shown;
      vi.advanceTimersByTime(10 * 60_000); // ten minutes on the consent page
      vi.useRealTimers();
      answer();
      expect(await pending).toEqual({ ok: true, value: undefined });
      expect(closedReads.count).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(manager.states()[0]).toMatchObject({ status: 'connected', signedIn: true });
  });

  it('reports a denied consent and a cancelled sign-in, each with what to do', async () => {
    await manager.signOut('secure');
    const denied = await manager.signIn('secure', testWindow('deny'));
    expect(denied.ok || denied.error).toMatchObject({
      kind: 'auth-failed',
      message: '"secure" did not grant access: The user denied access.',
    });
    expect(manager.states()[0].status).toBe('needs-sign-in');
    // The user shuts the window without answering, then presses Cancel sign-in.
    const cancel = new AbortController();
    const closed = await manager.signIn(
      'secure',
      testWindow('close', {
        onConsentPage: async () => {
          queueMicrotask(() => cancel.abort());
        },
      }),
      cancel.signal,
    );
    expect(closed.ok || closed.error).toMatchObject({
      kind: 'cancelled',
      message: 'Signing in to "secure" was cancelled.',
    });
    expect(manager.states()[0].status).toBe('needs-sign-in');
    // And a later sign-in still works (the registered client is reused).
    expect((await manager.signIn('secure', testWindow('allow'))).ok).toBe(true);
    expect(fixture.stats.registrations).toBe(1);
  });

  it('re-asks for sign-in when the refresh token was revoked', async () => {
    fixture.expireAccessTokens();
    fixture.revokeRefreshTokens();
    const result = await call(echo()!, { message: 'x' }, makeContext());
    expect(result.isError).toBe(true);
    await manager.reconnect('secure');
    expect(manager.states()[0].status).toBe('needs-sign-in');
  });

  it('says what to do when the browser blocks the window', () => {
    const blocked = openAuthorizationWindow({ open: () => null });
    expect(blocked).toEqual({ ok: false, error: 'popup-blocked' });
    expect(popupBlocked('secure').hint).toContain('Allow pop-ups for this site');
  });
});
