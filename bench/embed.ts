// The host SDK's size: what a host page downloads to embed Tidepool (issue 15: ≤ 5 KB gzipped).
// Built the way the app's build makes dist/embed.js (vite-embed-sdk.ts), into a scratch folder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildEmbedSdk } from '../vite-embed-sdk';
import type { BenchRow } from './types';

export async function run(): Promise<BenchRow[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'tidepool-embed-sdk-'));
  try {
    await buildEmbedSdk(resolve(import.meta.dirname, '..'), outDir);
    const bytes = readFileSync(join(outDir, 'embed.js'));
    return [
      {
        name: 'Embed SDK (/embed.js), gzipped',
        value: gzipSync(bytes).length / 1024,
        unit: 'KB',
        target: 5,
        note: `${(bytes.length / 1024).toFixed(1)} KB before gzip`,
      },
    ];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
