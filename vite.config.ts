import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cspHeaders } from './vite-csp';
import { appChunkGroups, earlyBootInline } from './vite-early-boot';
import { embedSdk } from './vite-embed-sdk';
import { previewOrigin } from './vite-preview-origin';
import { runtimeAssets } from './vite-runtimes';

// Cross-origin isolation lets the WebContainer boot (it needs SharedArrayBuffer).
// The same headers must be set by whatever static host serves the build: see public/_headers
// (the build writes dist/_headers with its Content-Security-Policy filled in: vite-csp.ts).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), previewOrigin(), runtimeAssets(), earlyBootInline(), cspHeaders(), embedSdk()],
  build: {
    // The app's code in two chunks, not ~25 (vite-early-boot.ts says why).
    rolldownOptions: {
      output: { codeSplitting: { includeDependenciesRecursively: false, groups: appChunkGroups(import.meta.dirname) } },
    },
  },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
});
