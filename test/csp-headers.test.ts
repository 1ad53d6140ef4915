// The Content-Security-Policy the build writes into dist/_headers (vite-csp.ts), from the
// committed public/_headers, for a loopback build and for a deployment with a preview origin.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PREVIEW_HOOK_SCRIPT } from '../src/ui/workbench/preview-hook';
import { cspHash, cspValues, fillHeaders, inlineScripts } from '../vite-csp';
import { headersFor, parseHeaders } from './fixtures/static-server';

const template = readFileSync(new URL('../public/_headers', import.meta.url), 'utf8');
const html =
  '<html><head><title>t</title><script>boot()</script><style>a{}</style></head><body><script type="module" src="/x.js"></script></body></html>';
const policyOf = (env: Record<string, string>): string =>
  headersFor(parseHeaders(fillHeaders(template, cspValues({ html, env }))), '/')['Content-Security-Policy'];

describe('the shipped CSP', () => {
  it('hashes the inline boot script and the preview hook, and nothing else is allowed inline for scripts', () => {
    expect(inlineScripts(html)).toEqual(['boot()']);
    const policy = policyOf({});
    const scripts = /script-src ([^;]*)/.exec(policy)![1].split(' ');
    expect(scripts).toEqual(["'self'", cspHash('boot()'), cspHash(PREVIEW_HOOK_SCRIPT)]);
    for (const directive of ["object-src 'none'", "base-uri 'none'", "form-action 'none'", "worker-src 'self'"])
      expect(policy).toContain(directive);
    expect(policy).not.toContain('{{');
  });

  it('on a loopback build frames and is framed by loopback only, for the dev preview origin', () => {
    const policy = policyOf({});
    expect(policy).toContain("frame-ancestors 'self' http://localhost:* http://127.0.0.1:*");
    expect(policy).toMatch(/frame-src 'self' http:\/\/localhost:\* http:\/\/127\.0\.0\.1:\* https:\/\/stackblitz\.com/);
  });

  it('with a preview origin frames that origin, lets the app frame the relay, and adds the embedders and hosts asked for', () => {
    const policy = policyOf({
      VITE_PREVIEW_ORIGIN: 'https://preview.tidepool.example',
      VITE_APP_ORIGIN: 'https://tidepool.example/',
      TIDEPOOL_FRAME_ANCESTORS: 'https://docs.example.com',
      TIDEPOOL_CONNECT_SRC: 'http://192.168.1.20:11434',
    });
    expect(policy).toContain("frame-src 'self' https://preview.tidepool.example https://stackblitz.com");
    expect(policy).toContain("frame-ancestors 'self' https://tidepool.example https://docs.example.com");
    expect(policy).toContain(
      "connect-src 'self' https: http://localhost:* http://127.0.0.1:* http://192.168.1.20:11434;",
    );
  });

  it('lets the embed API’s hosts (TIDEPOOL_EMBED_ORIGINS) frame the app, and serves /embed.js with CORS', () => {
    const policy = policyOf({ TIDEPOOL_EMBED_ORIGINS: 'https://course.example,https://*.docs.example' });
    expect(policy).toContain(
      "frame-ancestors 'self' http://localhost:* http://127.0.0.1:* https://course.example https://*.docs.example",
    );
    expect(() => policyOf({ TIDEPOOL_EMBED_ORIGINS: 'https:' })).toThrow(/TIDEPOOL_EMBED_ORIGINS/);
    const rules = parseHeaders(fillHeaders(template, cspValues({ html, env: {} })));
    expect(headersFor(rules, '/embed.js')['Access-Control-Allow-Origin']).toBe('*');
  });

  it('refuses a build it cannot make safe, saying what to set', () => {
    expect(() => policyOf({ VITE_PREVIEW_ORIGIN: 'https://preview.tidepool.example' })).toThrow(/VITE_APP_ORIGIN/);
    for (const bad of ['https://ok.example; script-src *', "'none'", "'unsafe-inline'"])
      expect(() => policyOf({ TIDEPOOL_FRAME_ANCESTORS: bad })).toThrow(/not a CSP source/);
  });

  it('every app document gets the same policy; the program sandbox gets its own, and no rule gives a document two', () => {
    const rules = parseHeaders(fillHeaders(template, cspValues({ html, env: {} })));
    const app = headersFor(rules, '/')['Content-Security-Policy'];
    for (const path of ['/index.html', '/embed.html', '/preview-host.html'])
      expect(headersFor(rules, path)['Content-Security-Policy']).toBe(app);
    const sandbox = headersFor(rules, '/runtime-frame.html')['Content-Security-Policy'];
    expect(sandbox).toBe(
      "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:; worker-src blob:",
    );
    // Eval and WebAssembly are the sandbox's alone: the app's scripts stay strict.
    expect(/script-src ([^;]*)/.exec(app)![1]).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-inline/);
    // A host that joins the values of every matching rule must still give each document one policy.
    for (const path of ['/', '/index.html', '/embed.html', '/preview-host.html', '/runtime-frame.html'])
      expect(
        rules.filter((r) => r.pattern.test(path) && r.headers.some(([n]) => n === 'Content-Security-Policy')),
      ).toHaveLength(1);
  });
});
