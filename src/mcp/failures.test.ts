// How failures read: each one named, with what to do; none thrown.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startEverything,
  type EverythingServer,
  SERVER_HOOK_TIMEOUT,
} from '../../test/fixtures/mcp-everything';
import { connectMcp } from './connection';
import { corsRequirements, describeError } from './errors';
import { createMcpManager } from './manager';
import { memorySecretStore } from './secret-store';

let everything: EverythingServer;
let guarded: Server;
let guardedUrl: string;

beforeAll(async () => {
  everything = await startEverything('streamableHttp');
  // A server that wants a header and offers no OAuth: 401 without any metadata.
  guarded = createServer((req, res) => {
    if (req.headers.authorization !== 'Bearer let-me-in') {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
  guardedUrl = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/mcp`;
}, SERVER_HOOK_TIMEOUT);
afterAll(async () => {
  await everything.close();
  await new Promise((resolve) => guarded.close(resolve));
}, SERVER_HOOK_TIMEOUT);

describe('MCP failures', () => {
  it('unreachable: nothing listens at the address', async () => {
    const url = `http://127.0.0.1:${await freePort()}/mcp`;
    const result = await connectMcp({ name: 'gone', config: { type: 'http', url } });
    expect(result.ok || result.error).toEqual({
      kind: 'unreachable',
      server: 'gone',
      message: `Could not reach "gone" at ${url}.`,
      hint: 'Check that the server is running, the URL is right, and this device can reach it.',
      detail: expect.stringMatching(/fetch failed/),
    });
  });

  it('CORS refused: in a page the same TypeError, told apart by a no-cors probe, names the headers to send', async () => {
    // Node has no CORS; this fetch applies the browser's rule to the real server's answer.
    const pageFetch = async (url: string | URL, init?: RequestInit): Promise<Response> => {
      const response = await fetch(url, init);
      if (response.headers.get('access-control-allow-origin') !== 'https://tidepool.example')
        throw new TypeError('Failed to fetch');
      return response;
    };
    const probed: string[] = [];
    const result = await connectMcp({
      name: 'strict',
      config: { type: 'http', url: everything.url, headers: { 'X-Team': 'blue' } },
      fetch: pageFetch,
      origin: 'https://tidepool.example',
      probeCors: async (url) => (probed.push(url), true),
    });
    expect(probed).toEqual([everything.url]);
    expect(result.ok || result.error).toMatchObject({
      kind: 'cors',
      message: `"strict" at ${everything.url} answered, but its CORS policy does not let this page (https://tidepool.example) read the answer.`,
    });
    const hint = result.ok ? '' : result.error.hint;
    for (const line of corsRequirements('https://tidepool.example', ['X-Team'])) expect(hint).toContain(line);
    expect(hint).toContain('Access-Control-Expose-Headers: mcp-session-id');
    expect(hint).toContain('x-team');
  });

  it('a 401 without OAuth: needs credentials, and says which header to add', async () => {
    const m = createMcpManager({ secrets: memorySecretStore(), oauth: { redirectUrl: 'http://127.0.0.1:1/cb' } });
    m.setServers([{ name: 'guarded', source: 'user', config: { type: 'http', url: guardedUrl } }]);
    await m.settled();
    const [state] = m.states();
    expect(state.status).toBe('needs-sign-in');
    expect(state.failure?.kind).toBe('auth-required');
    expect(state.failure?.hint).toMatch(/Authorization/);
    await m.close();
  });

  it('a wrong path: says where MCP endpoints usually live', async () => {
    const url = everything.url.replace('/mcp', '/api');
    const result = await connectMcp({ name: 'typo', config: { type: 'http', url } });
    expect(result.ok || result.error).toMatchObject({
      kind: 'server-error',
      message: `No MCP endpoint at ${url} (HTTP 404).`,
    });
  });

  it('mixed content: an HTTPS page cannot reach a plain http:// server that is not local', () => {
    const failure = describeError(new TypeError('Failed to fetch'), {
      server: 'plain',
      url: 'http://mcp.example.com/mcp',
      origin: 'https://tidepool.example',
      phase: 'connect',
    });
    expect(failure).toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('(mixed content)'),
      hint: expect.stringContaining('https://'),
    });
    const local = describeError(new TypeError('Failed to fetch'), {
      server: 'l',
      url: 'http://localhost:3000/mcp',
      origin: 'https://tidepool.example',
      phase: 'connect',
    });
    expect(local.message).toBe('Could not reach "l" at http://localhost:3000/mcp.');
  });

  it('an exception of unknown shape still reads as a failure, not a crash', () => {
    expect(describeError('boom', { server: 's', phase: 'call' })).toMatchObject({
      kind: 'server-error',
      message: '"s" failed: boom',
    });
  });
});
