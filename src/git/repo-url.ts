// Turns what people paste (a GitHub page URL, `github.com/o/n`, an SSH remote, a `/tree/branch`
// link, any smart-HTTP URL) into a clone URL, and refuses everything else. A `?repo=` link may come
// from anyone, so parsing is strict: only http(s), no credentials, no odd characters; the result is
// just a URL the user sees before anything private (a token) is ever sent.

export interface RepoRef {
  /** The URL to clone, e.g. `https://github.com/owner/name.git`. */
  cloneUrl: string;
  /** `github.com`, `gitlab.com`, `127.0.0.1:8080`… (with the port when there is one). */
  host: string;
  /** Path segments before the name: `owner` on GitHub, `group/subgroup` on GitLab; '' for none. */
  owner: string;
  /** The repository name without `.git`: also the default directory of a clone. */
  name: string;
  /** Branch (or tag) named by a `/tree/<ref>` style link. */
  branch?: string;
  /** Short label for the UI: `owner/name`. */
  label: string;
}

export type RepoUrlResult = { ok: true; repo: RepoRef } | { ok: false; message: string; hint: string };

/** Hosts whose URL layout we know (ref links, `.git` suffix). Others are used as given. */
type Forge = 'github' | 'gitlab' | 'bitbucket' | 'codeberg' | 'generic';

function forgeOf(hostname: string): Forge {
  if (hostname === 'github.com' || hostname === 'www.github.com') return 'github';
  if (hostname === 'gitlab.com' || hostname.startsWith('gitlab.')) return 'gitlab';
  if (hostname === 'bitbucket.org') return 'bitbucket';
  if (hostname === 'codeberg.org') return 'codeberg';
  return 'generic';
}

const MAX_LENGTH = 2048;
const SEGMENT = /^[A-Za-z0-9._~-][A-Za-z0-9._~%+-]*$/;
const REF = /^[A-Za-z0-9._/+-]+$/;

const fail = (message: string, hint: string): RepoUrlResult => ({ ok: false, message, hint });

/** `git@host:owner/name.git` → `https://host/owner/name.git`: the browser cannot speak SSH, HTTPS serves the same repo. */
function fromScpLike(input: string): string | null {
  const m = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(?!\/\/)([^\s]+)$/.exec(input);
  return m ? `https://${m[1]}/${m[2]}` : null;
}

export function parseRepoUrl(raw: string): RepoUrlResult {
  const input = raw.trim();
  if (!input) return fail('No repository URL given.', 'Paste a link such as https://github.com/owner/name.');
  if (input.length > MAX_LENGTH)
    return fail('That URL is too long to be a repository.', 'Paste the repository link itself.');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f\\<>"`{}|^]/.test(input)) {
    return fail(
      'That URL contains characters a repository URL never has.',
      'Paste the repository link itself, e.g. https://github.com/owner/name.',
    );
  }

  let text = fromScpLike(input) ?? input;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'ssh' || scheme === 'git') {
    return fail(`${scheme}:// URLs cannot be cloned in the browser.`, "Use the repository's https:// URL instead.");
  }
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    // Covers file:, javascript:, data:, blob: and anything else a hostile link might try.
    if (!/^[A-Za-z0-9.-]+:\d+(\/|$)/.test(text)) {
      return fail(
        `'${scheme}:' URLs are not repositories Tidepool can open.`,
        'Only http:// and https:// git URLs are supported.',
      );
    }
  }
  if (!scheme || (scheme !== 'http' && scheme !== 'https')) text = `https://${text.replace(/^\/+/, '')}`;

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('That is not a valid URL.', 'Paste a link such as https://github.com/owner/name.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(
      `'${url.protocol}' URLs are not repositories Tidepool can open.`,
      'Only http:// and https:// git URLs are supported.',
    );
  }
  if (url.username || url.password) {
    return fail(
      'Credentials in the URL are refused.',
      'Remove the user name and password from the link; add a token for the host in Settings instead.',
    );
  }
  const hostname = url.hostname.toLowerCase();
  if (!hostname || !/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(hostname) || !/[a-z0-9\]]$/.test(hostname)) {
    return fail('That URL has no valid host.', 'Paste a link such as https://github.com/owner/name.');
  }

  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return '\u0000';
      }
    });
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\u0000') || s.includes('/'))) {
    return fail('That URL has an invalid path.', 'Paste the repository link itself.');
  }
  const forge = forgeOf(hostname);
  let repoSegments: string[];
  let branch: string | undefined;

  if (forge === 'github' || forge === 'codeberg') {
    if (segments.length < 2) return fail('That link does not name a repository.', `Use ${hostname}/<owner>/<name>.`);
    repoSegments = segments.slice(0, 2);
    const [kind, ...rest] = segments.slice(2);
    if ((kind === 'tree' || kind === 'src') && rest.length) {
      // Codeberg links read /src/branch/<name>.
      branch = (kind === 'src' && rest[0] === 'branch' ? rest.slice(1) : rest).join('/');
    } else if ((kind === 'blob' || kind === 'commits') && rest.length) branch = rest[0];
  } else if (forge === 'gitlab') {
    const dash = segments.indexOf('-');
    repoSegments = dash >= 0 ? segments.slice(0, dash) : segments;
    if (repoSegments.length < 2)
      return fail('That link does not name a repository.', `Use ${hostname}/<group>/<name>.`);
    const [kind, ...rest] = dash >= 0 ? segments.slice(dash + 1) : [];
    if (kind === 'tree' && rest.length) branch = rest.join('/');
    else if (kind === 'blob' && rest.length) branch = rest[0];
  } else if (forge === 'bitbucket') {
    if (segments.length < 2)
      return fail('That link does not name a repository.', 'Use bitbucket.org/<workspace>/<name>.');
    repoSegments = segments.slice(0, 2);
    const [kind, ...rest] = segments.slice(2);
    if ((kind === 'src' || kind === 'branch') && rest.length) branch = rest[0];
  } else {
    // Any smart-HTTP server: the path is the repository, exactly as given.
    if (segments.length < 1)
      return fail(
        'That URL has no repository path.',
        'Paste the full clone URL, e.g. https://git.example.com/team/app.git.',
      );
    repoSegments = segments;
  }

  if (!repoSegments.every((s) => SEGMENT.test(s))) {
    return fail('That URL has characters a repository path cannot have.', 'Paste the repository link itself.');
  }
  if (branch !== undefined && (!REF.test(branch) || branch.includes('..') || branch.endsWith('.lock'))) {
    return fail(
      `'${branch}' is not a valid branch name.`,
      'Link to the repository, or to a branch with /tree/<branch>.',
    );
  }

  const last = repoSegments[repoSegments.length - 1];
  const name = last.replace(/\.git$/i, '');
  if (!name) return fail('That URL does not name a repository.', 'Paste the repository link itself.');
  const owner = repoSegments.slice(0, -1).join('/');
  const host = url.port ? `${hostname}:${url.port}` : hostname;
  // Known forges serve `<path>.git`; GitLab redirects without it, and a redirect through a CORS proxy can fail.
  const path =
    forge === 'generic'
      ? repoSegments.map(encodeURIComponent).join('/')
      : [...repoSegments.slice(0, -1), `${name}.git`].map(encodeURIComponent).join('/');
  const cloneUrl = `${url.protocol}//${host}/${path}`;
  return { ok: true, repo: { cloneUrl, host, owner, name, branch, label: owner ? `${owner}/${name}` : name } };
}

/** Hosts known to send no CORS headers on git endpoints: a browser can only reach them through a proxy. */
const NO_CORS_HOSTS = [
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'codeberg.org',
  'git.sr.ht',
  'gitee.com',
  'dev.azure.com',
  'ssh.dev.azure.com',
  'source.developers.google.com',
];

export function needsCorsProxy(host: string): boolean {
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  return NO_CORS_HOSTS.some((h) => hostname === h || hostname.endsWith(`.${h}`));
}
