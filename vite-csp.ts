import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { parseOriginList } from './src/lib/embed-protocol';
import { PREVIEW_HOOK_SCRIPT } from './src/ui/workbench/preview-hook';
import { previewTarget } from './vite-preview-origin';

// Build only: writes dist/_headers from public/_headers with its Content-Security-Policy filled
// in. The parts that depend on the build are computed here, never typed by hand: the hashes of
// the inline script vite-early-boot.ts puts in index.html (and of the inline preview's hook), and
// the origins from the environment. See docs/security.md for what each directive allows.

const LOOPBACK = ['http://localhost:*', 'http://127.0.0.1:*'];

/** `'sha256-…'` of a script or style element's text, as CSP hashes it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The text of every inline <script> (no src) in the page. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\ssrc\s*=/i.test(m[1]))
    .map((m) => m[2]);
}

/** Space-separated CSP sources from an environment variable: origins (wildcard host or port allowed) or a scheme. */
function sources(name: string, value: string | undefined): string[] {
  const list = (value ?? '').split(/\s+/).filter(Boolean);
  for (const source of list) {
    if (!/^(https?:\/\/[a-z0-9.*-]+(:(\d+|\*))?|https?:)$/i.test(source))
      throw new Error(`${name}: "${source}" is not a CSP source such as https://docs.example.com`);
  }
  return list;
}

export interface CspInputs {
  html: string;
  env: Record<string, string | undefined>;
}

/** The `{{…}}` values for one build. */
export function cspValues({ html, env }: CspInputs): Record<string, string> {
  const { previewOrigin, appOrigin } = previewTarget(env);
  // The hosts the embed API lets in (vite-embed-sdk.ts) may frame the app too.
  const ancestors = [
    ...sources('TIDEPOOL_FRAME_ANCESTORS', env.TIDEPOOL_FRAME_ANCESTORS),
    ...parseOriginList(env.TIDEPOOL_EMBED_ORIGINS, 'TIDEPOOL_EMBED_ORIGINS'),
  ];
  return {
    'inline-script-hashes': [...inlineScripts(html), PREVIEW_HOOK_SCRIPT].map(cspHash).join(' '),
    'preview-origin': previewOrigin ?? LOOPBACK.join(' '),
    // The least there can be: the relay on the preview origin is framed by the app, and one policy
    // serves both origins. Sites that embed Tidepool are added by name.
    'frame-ancestors': ["'self'", ...(previewOrigin ? [appOrigin!] : LOOPBACK), ...ancestors].join(' '),
    'connect-extra': sources('TIDEPOOL_CONNECT_SRC', env.TIDEPOOL_CONNECT_SRC).join(' '),
  };
}

/** The headers file with every `{{name}}` outside comments filled in; a name without a value is an error. */
export function fillHeaders(template: string, values: Record<string, string>): string {
  return template
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('#')
        ? line
        : line.replace(/ ?\{\{([a-z-]+)\}\}/g, (_, name: string) => {
            if (!(name in values)) throw new Error(`_headers: no value for {{${name}}}`);
            return values[name] ? ` ${values[name]}` : '';
          }),
    )
    .join('\n');
}

export function cspHeaders(): Plugin {
  let outDir = 'dist';
  let env: Record<string, string | undefined> = {};
  return {
    name: 'tidepool:csp-headers',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      env = { ...process.env, ...config.env };
    },
    async writeBundle() {
      const file = join(outDir, '_headers');
      const html = await readFile(join(outDir, 'index.html'), 'utf8');
      await writeFile(file, fillHeaders(await readFile(file, 'utf8'), cspValues({ html, env })));
    },
  };
}
