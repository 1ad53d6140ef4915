import type { Cmd, Repo } from './context';
import { formatDate, formatIsoDate, formatRelativeDate, formatShortDate, short, tzString } from './format';
import { subjectOf } from './commands/commit';
import { unsupported } from './errors';

// Commit headers for log and show: medium (the default), oneline, short, full, raw-ish formats and
// `--format` placeholders (%H %h %s %an %ad %ar %d …).

export interface CommitInfo {
  oid: string;
  commit: {
    message: string;
    tree: string;
    parent: string[];
    author: { name: string; email: string; timestamp: number; timezoneOffset: number };
    committer: { name: string; email: string; timestamp: number; timezoneOffset: number };
  };
}

export type DateMode = 'default' | 'iso' | 'short' | 'relative' | 'unix' | 'iso-strict' | 'rfc';

export type Pretty =
  | { kind: 'medium' | 'oneline' | 'short' | 'full' | 'fuller' }
  | { kind: 'format'; template: string; terminator: boolean };

export function parsePretty(value: string): Pretty {
  if (value === 'medium' || value === 'oneline' || value === 'short' || value === 'full' || value === 'fuller')
    return { kind: value };
  if (value.startsWith('format:')) return { kind: 'format', template: value.slice(7), terminator: false };
  if (value.startsWith('tformat:')) return { kind: 'format', template: value.slice(8), terminator: true };
  if (value.includes('%')) return { kind: 'format', template: value, terminator: true };
  return unsupported(`--pretty=${value}`);
}

export function formatWhen(ts: number, tz: number, mode: DateMode): string {
  switch (mode) {
    case 'iso':
      return formatIsoDate(ts, tz);
    case 'iso-strict': {
      const d = formatIsoDate(ts, tz);
      const z = tzString(tz);
      return `${d.slice(0, 10)}T${d.slice(11, 19)}${z.slice(0, 3)}:${z.slice(3)}`;
    }
    case 'short':
      return formatShortDate(ts, tz);
    case 'relative':
      return formatRelativeDate(ts);
    case 'unix':
      return String(ts);
    case 'rfc': {
      const full = formatDate(ts, tz).split(' ');
      // Mon Nov 13 22:13:20 2023 +0000 → Mon, 13 Nov 2023 22:13:20 +0000
      return `${full[0]}, ${full[2]} ${full[1]} ${full[4]} ${full[3]} ${full[5]}`;
    }
    default:
      return formatDate(ts, tz);
  }
}

/** `refs/heads/main` etc. by commit, for `--decorate` and `%d`. */
export async function decorations(cmd: Cmd, repo: Repo): Promise<Map<string, string[]>> {
  const { git, fs } = cmd;
  const map = new Map<string, string[]>();
  const push = (oid: string, label: string) => map.set(oid, [...(map.get(oid) ?? []), label]);
  let headBranch: string | undefined;
  try {
    headBranch = (await git.currentBranch({ fs, dir: repo.dir, gitdir: repo.gitdir })) ?? undefined;
  } catch {
    headBranch = undefined;
  }
  const resolve = async (ref: string) => {
    try {
      return await git.resolveRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref });
    } catch {
      return null;
    }
  };
  const head = await resolve('HEAD');
  if (head && !headBranch) push(head, 'HEAD');
  for (const b of await git.listBranches({ fs, dir: repo.dir, gitdir: repo.gitdir })) {
    const oid = await resolve(`refs/heads/${b}`);
    if (oid) push(oid, b === headBranch ? `HEAD -> ${b}` : b);
  }
  for (const remote of await git.listRemotes({ fs, dir: repo.dir, gitdir: repo.gitdir })) {
    for (const b of await git.listBranches({ fs, dir: repo.dir, gitdir: repo.gitdir, remote: remote.remote })) {
      if (b === 'HEAD') continue;
      const oid = await resolve(`refs/remotes/${remote.remote}/${b}`);
      if (oid) push(oid, `${remote.remote}/${b}`);
    }
  }
  for (const t of await git.listTags({ fs, dir: repo.dir, gitdir: repo.gitdir })) {
    let oid = await resolve(`refs/tags/${t}`);
    if (!oid) continue;
    try {
      const obj = await git.readObject({
        fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        oid,
        cache: cmd.cache,
        format: 'parsed',
      });
      if (obj.type === 'tag') oid = (obj.object as { object: string }).object;
    } catch {
      // keep the ref's own id
    }
    push(oid, `tag: ${t}`);
  }
  // HEAD -> branch first, as git lists it.
  for (const [oid, labels] of map)
    map.set(
      oid,
      labels.sort((a, b) => (a.startsWith('HEAD') ? -1 : b.startsWith('HEAD') ? 1 : 0)),
    );
  return map;
}

function indent(message: string): string {
  const lines = message.replace(/\n+$/, '').split('\n');
  return lines.map((l) => `    ${l}`).join('\n') + '\n';
}

function bodyOf(message: string): string {
  const trimmed = message.replace(/^\n+/, '');
  const at = trimmed.search(/\n\s*\n/);
  if (at < 0) return '';
  const body = trimmed
    .slice(at)
    .replace(/^\s*\n/, '')
    .replace(/\n+$/, '');
  return body ? `${body}\n` : '';
}

export function expandFormat(
  template: string,
  c: CommitInfo,
  dateMode: DateMode,
  decor?: Map<string, string[]>,
): string {
  const a = c.commit.author;
  const m = c.commit.committer;
  const labels = decor?.get(c.oid) ?? [];
  return template.replace(
    /%(x[0-9a-fA-F]{2}|C\([^)]*\)|Cred|Cgreen|Cblue|Creset|a[nNeEdDrtiIs]|c[nNeEdDrtiIs]|[HhTtPpsbBnd%DfeN])/g,
    (_, key: string) => {
      switch (key) {
        case 'H':
          return c.oid;
        case 'h':
          return short(c.oid);
        case 'T':
          return c.commit.tree;
        case 't':
          return short(c.commit.tree);
        case 'P':
          return c.commit.parent.join(' ');
        case 'p':
          return c.commit.parent.map((p) => short(p)).join(' ');
        case 's':
          return subjectOf(c.commit.message);
        case 'f':
          return subjectOf(c.commit.message)
            .replace(/[^A-Za-z0-9.]+/g, '-')
            .replace(/^-+|-+$/g, '');
        case 'b':
          return bodyOf(c.commit.message);
        case 'B':
          return c.commit.message;
        case 'n':
          return '\n';
        case '%':
          return '%';
        case 'N':
          return '';
        case 'e':
          return '';
        case 'd':
          return labels.length ? ` (${labels.join(', ')})` : '';
        case 'D':
          return labels.join(', ');
        case 'an':
        case 'aN':
          return a.name;
        case 'ae':
        case 'aE':
          return a.email;
        case 'ad':
        case 'aD':
          return formatWhen(a.timestamp, a.timezoneOffset, key === 'aD' ? 'rfc' : dateMode);
        case 'ar':
          return formatRelativeDate(a.timestamp);
        case 'at':
          return String(a.timestamp);
        case 'ai':
          return formatIsoDate(a.timestamp, a.timezoneOffset);
        case 'aI':
          return formatWhen(a.timestamp, a.timezoneOffset, 'iso-strict');
        case 'as':
          return formatShortDate(a.timestamp, a.timezoneOffset);
        case 'cn':
        case 'cN':
          return m.name;
        case 'ce':
        case 'cE':
          return m.email;
        case 'cd':
        case 'cD':
          return formatWhen(m.timestamp, m.timezoneOffset, key === 'cD' ? 'rfc' : dateMode);
        case 'cr':
          return formatRelativeDate(m.timestamp);
        case 'ct':
          return String(m.timestamp);
        case 'ci':
          return formatIsoDate(m.timestamp, m.timezoneOffset);
        case 'cI':
          return formatWhen(m.timestamp, m.timezoneOffset, 'iso-strict');
        case 'cs':
          return formatShortDate(m.timestamp, m.timezoneOffset);
        default:
          if (key.startsWith('x')) return String.fromCharCode(parseInt(key.slice(1), 16));
          return ''; // colours: the output is never a terminal
      }
    },
  );
}

/** One commit's header block in `pretty` format (without the diff that may follow). */
export function formatCommit(c: CommitInfo, pretty: Pretty, dateMode: DateMode, decor?: Map<string, string[]>): string {
  const labels = decor?.get(c.oid);
  const deco = labels?.length ? ` (${labels.join(', ')})` : '';
  const a = c.commit.author;
  const m = c.commit.committer;
  if (pretty.kind === 'format')
    return expandFormat(pretty.template, c, dateMode, decor) + (pretty.terminator ? '\n' : '');
  if (pretty.kind === 'oneline') return `${short(c.oid)}${deco} ${subjectOf(c.commit.message)}\n`;
  let out = `commit ${c.oid}${deco}\n`;
  if (c.commit.parent.length > 1) out += `Merge: ${c.commit.parent.map((p) => short(p)).join(' ')}\n`;
  out += `Author: ${a.name} <${a.email}>\n`;
  if (pretty.kind === 'medium') out += `Date:   ${formatWhen(a.timestamp, a.timezoneOffset, dateMode)}\n`;
  if (pretty.kind === 'fuller')
    out =
      out.replace('Author: ', 'Author:     ') + `AuthorDate: ${formatWhen(a.timestamp, a.timezoneOffset, dateMode)}\n`;
  if (pretty.kind === 'full') out += `Commit: ${m.name} <${m.email}>\n`;
  if (pretty.kind === 'fuller')
    out += `Commit:     ${m.name} <${m.email}>\nCommitDate: ${formatWhen(m.timestamp, m.timezoneOffset, dateMode)}\n`;
  out += '\n';
  out += pretty.kind === 'short' ? `    ${subjectOf(c.commit.message)}\n` : indent(c.commit.message);
  return out;
}
