import type { Cmd, Repo } from './context';

// Config lookup (-c, then the repo's config, then --global) and the commit identity, resolved the
// way git does: GIT_AUTHOR_* / GIT_COMMITTER_* env first, then user.name/user.email, then a
// default that says plainly it is one.

export const DEFAULT_NAME = 'Tidepool User';
export const DEFAULT_EMAIL = 'user@tidepool.local';

export async function configValue(cmd: Cmd, repo: Repo | null, key: string): Promise<string | undefined> {
  const k = key.toLowerCase();
  const override = [...cmd.overrides].find(([name]) => name.toLowerCase() === k);
  if (override) return override[1];
  if (repo) {
    const value = await cmd.git.getConfig({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, path: key });
    if (value !== undefined && value !== null) return String(value);
  }
  const global = [...cmd.globalConfig].find(([name]) => name.toLowerCase() === k);
  return global?.[1];
}

export interface Identity {
  name: string;
  email: string;
  timestamp?: number;
  timezoneOffset?: number;
}

/** `@1700000000 +0200`, `1700000000 +0200` or an ISO date, as GIT_AUTHOR_DATE accepts. */
export function parseGitDate(value: string): { timestamp: number; timezoneOffset: number } | null {
  const raw = /^@?(\d+)(?:\s+([+-])(\d{2})(\d{2}))?$/.exec(value.trim());
  if (raw) {
    const east = raw[2] ? (raw[2] === '-' ? -1 : 1) * (Number(raw[3]) * 60 + Number(raw[4])) : 0;
    return { timestamp: Number(raw[1]), timezoneOffset: -east };
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const tz = /([+-])(\d{2}):?(\d{2})$/.exec(value.trim());
  const east = tz ? (tz[1] === '-' ? -1 : 1) * (Number(tz[2]) * 60 + Number(tz[3])) : 0;
  return { timestamp: Math.floor(ms / 1000), timezoneOffset: -east };
}

async function identity(cmd: Cmd, repo: Repo | null, role: 'AUTHOR' | 'COMMITTER'): Promise<Identity> {
  const env = cmd.env;
  const name = env[`GIT_${role}_NAME`] ?? (await configValue(cmd, repo, 'user.name')) ?? DEFAULT_NAME;
  const email = env[`GIT_${role}_EMAIL`] ?? env.EMAIL ?? (await configValue(cmd, repo, 'user.email')) ?? DEFAULT_EMAIL;
  const date = env[`GIT_${role}_DATE`] ? parseGitDate(env[`GIT_${role}_DATE`]) : null;
  return date ? { name, email, ...date } : { name, email };
}

export function authorOf(cmd: Cmd, repo: Repo | null): Promise<Identity> {
  return identity(cmd, repo, 'AUTHOR');
}

export function committerOf(cmd: Cmd, repo: Repo | null): Promise<Identity> {
  return identity(cmd, repo, 'COMMITTER');
}
