import { describe, expect, it } from 'vitest';
import { createLiteWorkspace } from '../../workspace/lite-workspace';
import { buildStaticPreview } from './static-preview';

const png = new Uint8Array([137, 80, 78, 71]);

describe('the inline preview', () => {
  const page = [
    '<!doctype html><html><head><title>t</title>',
    '<link rel="stylesheet" href="style.css">',
    '<link rel="stylesheet" href="../secret.css">',
    '<link rel="stylesheet" href="/../../workspace/secret.css">',
    '<script src="app.js"></script>',
    '<script src="../secret.js"></script>',
    '<script src="..\\secret.js"></script>',
    '<script src="/sub/../../secret.js"></script>',
    '<script src="/workspace/secret.js"></script>',
    '<script src=".git/hook.js"></script>',
    '</head><body><img src="logo.png"><img src="../pic.png"></body></html>',
  ].join('\n');
  const workspace = createLiteWorkspace({
    files: {
      'site/index.html': page,
      'site/style.css': 'body{color:teal}',
      'site/app.js': 'console.log("app")',
      'site/logo.png': png,
      'site/.git/hook.js': 'GIT_SECRET',
      'secret.css': 'SECRET_CSS',
      'secret.js': 'SECRET_JS',
      'pic.png': new Uint8Array([137, 80, 78, 71, 1]),
    },
  });

  it('inlines the site’s own CSS, scripts and images', async () => {
    const html = await buildStaticPreview(workspace, '/workspace/site/index.html');
    expect(html).toContain('<style>body{color:teal}</style>');
    expect(html).toMatch(/<script\s*>console\.log\("app"\)<\/script>/);
    expect(html).toContain('<img src="data:image/png;base64,iVBORw=="');
  });

  it('inlines nothing from outside the site folder or from .git, whatever the path looks like', async () => {
    const html = await buildStaticPreview(workspace, '/workspace/site/index.html');
    for (const secret of ['SECRET_CSS', 'SECRET_JS', 'GIT_SECRET']) expect(html).not.toContain(secret);
    // Left as they were: the sandboxed page cannot load them and reports each as an error.
    expect(html).toContain('<script src="../secret.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="../secret.css">');
    expect(html).toContain('<img src="../pic.png">');
  });
});
