// Loaded on "Download as zip" only: fflate's zipSync is ~8 KB gz and has no dependencies.
import { zipSync, type Zippable } from 'fflate';
import type { Workspace } from '../../workspace/types';

/** Every workspace file (node_modules left out: it is reinstalled, not authored) as one zip. */
export async function zipWorkspace(workspace: Workspace): Promise<Uint8Array> {
  const files: Zippable = {};
  const root = workspace.root + '/';
  for (const path of await workspace.listFiles()) {
    const rel = path.startsWith(root) ? path.slice(root.length) : path.replace(/^\/+/, '');
    if (rel.split('/').includes('node_modules')) continue;
    files[rel] = await workspace.readFile(path);
  }
  return zipSync(files, { level: 6 });
}
