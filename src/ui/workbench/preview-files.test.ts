import { describe, expect, it } from 'vitest';
import { createLiteWorkspace } from '../../workspace/lite-workspace';
import { contentType, readPreviewFile } from './preview-files';
import { previewOrigin } from './preview-origin';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('the served preview', () => {
  const workspace = createLiteWorkspace({
    files: {
      'site/index.html': '<!doctype html><html><head><title>t</title></head><body><header>h</header></body></html>',
      'site/app.js': 'export {};',
      'site/data.json': '{"a":1}',
      'site/docs/index.html': '<p>docs</p>',
      'site/img/logo.png': new Uint8Array([137, 80, 78, 71]),
      'secret.txt': 'outside the site',
      'site/.git/config': '[remote]',
    },
  });
  const root = '/workspace/site';

  it('answers files under the site with their content type, and index.html with the error hook in its head', async () => {
    const js = await readPreviewFile(workspace, root, '/app.js');
    expect([js.status, js.type, text(js.body)]).toEqual([200, 'text/javascript; charset=utf-8', 'export {};']);
    expect((await readPreviewFile(workspace, root, '/data.json')).type).toBe('application/json; charset=utf-8');
    const png = await readPreviewFile(workspace, root, '/img/logo.png');
    expect([png.type, [...png.body]]).toEqual(['image/png', [137, 80, 78, 71]]);
    const html = text((await readPreviewFile(workspace, root, '/')).body);
    expect(html).toMatch(/^<!doctype html><html><head><script>.*tidepoolPreview/s);
    expect(html).toContain('<header>h</header>');
  });

  it('serves a directory’s index.html, and redirects a directory asked without its slash', async () => {
    expect(text((await readPreviewFile(workspace, root, '/docs/')).body)).toContain('<p>docs</p>');
    expect(await readPreviewFile(workspace, root, '/docs')).toMatchObject({ status: 301, redirect: 'docs/' });
  });

  it('answers 404 for a missing file, for anything outside the site and for .git', async () => {
    for (const path of ['/nope.css', '/../secret.txt', '/img/../../secret.txt', '/.git/config']) {
      const file = await readPreviewFile(workspace, root, path);
      expect([path, file.status]).toEqual([path, 404]);
      expect(text(file.body)).not.toContain('outside the site');
    }
  });

  it('names types by extension', () => {
    expect(contentType('/a/b.MJS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/a/font.woff2')).toBe('font/woff2');
    expect(contentType('/a/Makefile')).toBe('application/octet-stream');
  });
});

describe('the preview origin', () => {
  const page = (origin: string) => {
    const u = new URL(origin);
    return { origin: u.origin, hostname: u.hostname, port: u.port };
  };
  it('is the configured origin, never the app’s own', () => {
    expect(previewOrigin(page('https://tidepool.example'), 'https://preview.tidepool.example/')).toEqual({
      origin: 'https://preview.tidepool.example',
    });
    expect(previewOrigin(page('https://tidepool.example'), 'https://tidepool.example')).toHaveProperty('reason');
    expect(previewOrigin(page('https://tidepool.example'), 'not a url')).toHaveProperty('reason');
  });
  it('is not used by an app on another origin than the one the build’s relay answers', () => {
    expect(
      previewOrigin(page('https://mirror.example'), 'https://preview.tidepool.example', 'https://tidepool.example'),
    ).toEqual({ reason: 'this build’s preview origin serves only https://tidepool.example (VITE_APP_ORIGIN)' });
    expect(
      previewOrigin(page('https://tidepool.example'), 'https://preview.tidepool.example', 'https://tidepool.example/'),
    ).toEqual({ origin: 'https://preview.tidepool.example' });
  });
  it('is the next port on loopback, and absent elsewhere', () => {
    expect(previewOrigin(page('http://127.0.0.1:4173'), undefined)).toEqual({ origin: 'http://127.0.0.1:4174' });
    expect(previewOrigin(page('http://localhost:5173'), undefined)).toEqual({ origin: 'http://localhost:5174' });
    expect(previewOrigin(page('https://tidepool.example'), undefined)).toEqual({
      reason: 'no separate preview origin is configured (VITE_PREVIEW_ORIGIN)',
    });
  });
});
