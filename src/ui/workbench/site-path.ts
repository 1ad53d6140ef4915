import type { Workspace } from '../../workspace/types';

// Which file a previewed page may load. The page is untrusted (a cloned repo's index.html, or
// whatever the model wrote), so its references reach only files in its own site folder, never
// `..` out of it, an absolute path elsewhere in the workspace, or `.git`: otherwise
// `<script src="../.env">` would hand the workspace's secrets to a page that can send them anywhere.

/** The absolute path `ref` names inside the site folder `root` (`/x` is the site's root), or null. */
export function sitePath(workspace: Workspace, root: string, ref: string): string | null {
  // Browsers read a backslash in an http(s) URL as a slash: so does the preview.
  const path = ref.replace(/\\/g, '/');
  let target: string;
  try {
    target = workspace.resolve(path.startsWith('/') ? `${root}${path}` : `${root}/${path}`);
  } catch {
    return null; // outside the workspace
  }
  if (target !== root && !target.startsWith(`${root}/`)) return null;
  if (target.slice(root.length).split('/').includes('.git')) return null;
  return target;
}
