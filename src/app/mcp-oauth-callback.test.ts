import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { OAUTH_CHANNEL, parseOAuthCallback } from '../mcp/index';

// The app's OAuth callback page is a plain script (public/mcp-oauth-callback.js) so the sign-in
// window needs none of the app's code: it must post exactly what the sign-in flow listens for.

const SCRIPT = readFileSync(resolve(__dirname, '../../public/mcp-oauth-callback.js'), 'utf8');

function runCallback(href: string) {
  const posted: Array<{ channel: string; message: unknown }> = [];
  let closed = false;
  const status = { textContent: '' };
  class FakeChannel {
    constructor(private readonly name: string) {}
    postMessage(message: unknown) {
      posted.push({ channel: this.name, message });
    }
    close() {}
  }
  runInNewContext(SCRIPT, {
    URL,
    URLSearchParams,
    location: { href },
    document: { getElementById: () => status },
    BroadcastChannel: FakeChannel,
    window: { close: () => (closed = true) },
  });
  return { posted, closed, status: status.textContent };
}

describe('MCP OAuth callback page', () => {
  test.each([
    'https://tidepool.example/mcp-oauth-callback.html?code=abc123&state=s-1',
    'https://tidepool.example/mcp-oauth-callback.html?error=access_denied&error_description=No%20thanks&state=s-2',
    'https://tidepool.example/mcp-oauth-callback.html#code=frag&state=s-3',
  ])('posts what the sign-in flow reads, then closes: %s', (href) => {
    const { posted, closed } = runCallback(href);
    expect(posted).toEqual([
      { channel: OAUTH_CHANNEL, message: { type: 'mcp-oauth-callback', params: parseOAuthCallback(href) } },
    ]);
    expect(closed).toBe(true);
  });

  test('a refusal says so in the window', () => {
    expect(runCallback('https://t.example/cb?error=access_denied&state=x').status).toMatch(/refused \(access_denied\)/);
  });
});
