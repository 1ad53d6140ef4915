import { describe, expect, it } from 'vitest';
import { expandVariables, parseMcpJson } from './config';
import { memorySecretStore } from './secret-store';
import { checkUserServer, saveUserServerSecrets, userServerEntry } from './user-servers';

describe('.mcp.json', () => {
  it('reads Claude Code’s format: remote servers by type, processes by command, untyped URLs as Streamable HTTP', () => {
    const parsed = parseMcpJson(
      JSON.stringify({
        mcpServers: {
          api: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } },
          legacy: { type: 'sse', url: 'https://old.example.com/sse', timeout: 120000 },
          socket: { type: 'ws', url: 'wss://ws.example.com/mcp' },
          plain: { url: 'https://plain.example.com/mcp' },
          local: {
            command: 'npx',
            args: ['-y', 'some-server', '--root', '${ROOT:-/workspace}'],
            env: { LEVEL: 'debug' },
          },
        },
      }),
      { variables: { TOKEN: 't0k' } },
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.servers).toEqual([
      {
        name: 'api',
        source: 'project',
        config: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer t0k' } },
      },
      {
        name: 'legacy',
        source: 'project',
        config: { type: 'sse', url: 'https://old.example.com/sse', timeout: 120000 },
      },
      { name: 'socket', source: 'project', config: { type: 'ws', url: 'wss://ws.example.com/mcp' } },
      {
        name: 'plain',
        source: 'project',
        config: { type: 'http', url: 'https://plain.example.com/mcp', inferredType: true },
      },
      {
        name: 'local',
        source: 'project',
        config: {
          type: 'stdio',
          command: 'npx',
          args: ['-y', 'some-server', '--root', '/workspace'],
          env: { LEVEL: 'debug' },
        },
      },
    ]);
  });

  it('reports each bad entry by server and field, and still loads the good ones', () => {
    const parsed = parseMcpJson(
      JSON.stringify({
        mcpServers: {
          good: { url: 'https://ok.example.com/mcp' },
          'bad name': { url: 'https://x.example.com' },
          ftp: { type: 'http', url: 'ftp://files.example.com' },
          wsWrong: { type: 'ws', url: 'https://x.example.com' },
          noTarget: { type: 'http' },
          neither: { env: {} },
          args: { command: 'node', args: 'server.js' },
          headers: { url: 'https://h.example.com', headers: { Cookie: 'a=b' } },
          wsHeaders: { type: 'ws', url: 'wss://w.example.com', headers: { Authorization: 'x' } },
          ide: { type: 'sse-ide', url: 'http://localhost:1' },
          secret: { url: 'https://s.example.com', headers: { 'X-Key': '${MISSING}' } },
          creds: { url: 'https://user:pw@c.example.com/mcp' },
        },
      }),
    );
    expect(parsed.servers.map((s) => s.name)).toEqual(['good']);
    expect(parsed.issues.map((i) => [i.server, i.field, i.message])).toEqual([
      [
        'bad name',
        undefined,
        '.mcp.json: server "bad name": a server name may only contain letters, digits, "-" and "_" (at most 64).',
      ],
      ['ftp', 'url', '.mcp.json: server "ftp": url must start with http:// or https://, got ftp://.'],
      [
        'wsWrong',
        'url',
        '.mcp.json: server "wsWrong": url must start with ws:// or wss:// for a WebSocket server, got https://.',
      ],
      ['noTarget', 'url', '.mcp.json: server "noTarget": url must be the server\'s URL.'],
      [
        'neither',
        'url',
        '.mcp.json: server "neither": url or "command" is required: a server is remote (url) or a process (command).',
      ],
      ['args', 'args', '.mcp.json: server "args": args must be an array of strings.'],
      [
        'headers',
        'headers.Cookie',
        '.mcp.json: server "headers": headers.Cookie cannot be set by a web page; the browser controls it.',
      ],
      [
        'wsHeaders',
        'headers',
        '.mcp.json: server "wsHeaders": headers cannot be sent over WebSocket from a browser; put the credential in the URL or use "http".',
      ],
      [
        'ide',
        'type',
        '.mcp.json: server "ide": type "sse-ide" is for IDE or SDK servers, which do not exist in the browser.',
      ],
      ['secret', 'headers.X-Key', '.mcp.json: server "secret": headers.X-Key uses ${MISSING}, which is not set.'],
      [
        'creds',
        'url',
        '.mcp.json: server "creds": url must not carry a user name or password; use headers or sign-in.',
      ],
    ]);
  });

  it('explains a file that is not JSON or not in the format', () => {
    expect(parseMcpJson('{"mcpServers": {').issues[0].message).toMatch(/^\.mcp\.json is not valid JSON: /);
    expect(parseMcpJson('{"servers": {}}').issues).toEqual([
      { field: 'mcpServers', message: '.mcp.json needs an "mcpServers" object: {"mcpServers": {"name": {…}}}' },
    ]);
  });

  it('expands ${VAR} and ${VAR:-default} as Claude Code does', () => {
    expect(expandVariables('${A}-${B:-b}-${C:-}', { A: 'a' })).toBe('a-b-');
    expect(expandVariables('${NOPE}', {})).toEqual({ missing: 'NOPE' });
    expect(expandVariables('$HOME and ${', {})).toBe('$HOME and ${');
  });
});

describe('user-level servers', () => {
  it('keeps secret header values out of the record, in the secret store under the server origin', async () => {
    const checked = checkUserServer({
      name: 'linear',
      url: 'https://mcp.linear.app/mcp',
      headers: { Authorization: 'Bearer lin_123', 'X-Workspace': 'acme' },
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.record).toEqual({
      name: 'linear',
      type: 'http',
      url: 'https://mcp.linear.app/mcp',
      headers: { 'X-Workspace': 'acme' },
      secretHeaders: ['Authorization'],
      enabled: true,
    });
    const store = memorySecretStore();
    await saveUserServerSecrets(checked.value.record, checked.value.secrets, store);
    expect(store.entries()).toEqual([['https://mcp.linear.app', 'header:authorization', 'Bearer lin_123']]);
    expect(userServerEntry(checked.value.record)).toEqual({
      name: 'linear',
      source: 'user',
      enabled: true,
      config: {
        type: 'http',
        url: 'https://mcp.linear.app/mcp',
        headers: { 'X-Workspace': 'acme' },
        secretHeaders: ['Authorization'],
      },
    });
  });

  it('names the form field that is wrong', () => {
    expect(checkUserServer({ name: '', url: 'https://x' })).toEqual({
      ok: false,
      error: [{ field: 'name', message: 'Server name is required.' }],
    });
    expect(checkUserServer({ name: 'a', url: 'https://x' }, ['a'])).toMatchObject({
      ok: false,
      error: [{ field: 'name', message: 'A server named "a" already exists; choose another name.' }],
    });
    expect(checkUserServer({ name: 'a', url: 'not a url' })).toMatchObject({
      ok: false,
      error: [{ field: 'url', message: 'url is not a URL: "not a url".' }],
    });
    expect(checkUserServer({ name: 'a', url: 'https://x', type: 'ws' })).toMatchObject({
      ok: false,
      error: [{ field: 'url' }],
    });
  });
});
