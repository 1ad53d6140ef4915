import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { previewOrigin } from './vite-preview-origin';

// Cross-origin isolation lets the WebContainer boot (it needs SharedArrayBuffer).
// The same headers must be set by whatever static host serves the build: see public/_headers.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The entry (src/boot.ts) is small and imports the app (src/main.tsx) dynamically, so the lite
 * workspace is live before React is even parsed. Vite only links static imports from the HTML;
 * this adds <link rel="modulepreload"> for the app chunk and its imports so they download in
 * parallel with the entry instead of after it.
 */
function preloadAppChunk(): Plugin {
  let base = '/';
  return {
    name: 'tidepool:preload-app-chunk',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx): HtmlTagDescriptor[] {
        const chunks = Object.values(ctx.bundle ?? {});
        const app = chunks.find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/main.tsx'));
        if (!app || app.type !== 'chunk') return [];
        const entries = new Set(chunks.filter((c) => c.type === 'chunk' && c.isEntry).map((c) => c.fileName));
        const scripts: HtmlTagDescriptor[] = [app.fileName, ...app.imports]
          .filter((file) => !entries.has(file))
          .map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` }, injectTo: 'head' }));
        const styles: HtmlTagDescriptor[] = [...(app.viteMetadata?.importedCss ?? [])].map((file) => ({
          tag: 'link',
          attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `${base}${file}` },
          injectTo: 'head',
        }));
        return [...scripts, ...styles];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadAppChunk(), previewOrigin()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
});
