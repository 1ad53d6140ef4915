import { UsageError } from '../args';
import { createBundle, packIsIntact, parseBundleHeader, type BundleHeader } from '../bundle';
import type { Cmd } from '../context';
import { failure, unsupported } from '../errors';
import { normalizePath } from '../../workspace/paths';

// `git bundle create <file> [<rev>… | --all]`, `git bundle verify <file>`,
// `git bundle list-heads <file> [<refname>…]`: real git's output and exit codes.

const USAGE = 'need a subcommand (create, verify or list-heads)';

function absolute(cmd: Cmd, path: string): string {
  return normalizePath(path.startsWith('/') ? path : `${cmd.cwd}/${path}`);
}

async function readBundle(cmd: Cmd, file: string): Promise<{ bytes: Uint8Array; header: BundleHeader }> {
  let bytes: Uint8Array;
  try {
    bytes = (await cmd.fs.promises.readFile(absolute(cmd, file))) as Uint8Array;
  } catch {
    failure(`could not open '${file}'`);
  }
  const header = parseBundleHeader(bytes);
  if (!header) failure(`'${file}' does not look like a v2 or v3 bundle file`);
  return { bytes, header };
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many.replace('%d', String(n)));

async function create(cmd: Cmd, args: string[]): Promise<number> {
  const rest = args.filter(
    (a) => !['-q', '--quiet', '--progress', '--all-progress', '--all-progress-implied', '--version=2'].includes(a),
  );
  const versionFlag = rest.find((a) => a.startsWith('--version='));
  if (versionFlag) unsupported(`bundle create ${versionFlag}`);
  const [file, ...revs] = rest;
  if (!file) throw new UsageError('git bundle create <file> [<rev>… | --all]');
  const repo = await cmd.repo();
  const { bytes } = await createBundle(cmd, repo, revs.length ? revs : ['HEAD']);
  await cmd.fs.promises.writeFile(absolute(cmd, file), bytes);
  return 0;
}

async function verify(cmd: Cmd, args: string[]): Promise<number> {
  const quiet = args.includes('-q') || args.includes('--quiet');
  const [file, extra] = args.filter((a) => a !== '-q' && a !== '--quiet');
  if (!file || extra) throw new UsageError('git bundle verify [-q | --quiet] <file>');
  const { bytes, header } = await readBundle(cmd, file);
  // Real git wants a repository even for a bundle with no prerequisites.
  const repo = await cmd.findRepo();
  if (!repo) failure('need a repository to verify a bundle');
  if (header.prerequisites.length) {
    const missing = [];
    for (const p of header.prerequisites) {
      try {
        await cmd.git.readCommit({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, oid: p.oid, cache: cmd.cache });
      } catch {
        missing.push(p);
      }
    }
    if (missing.length) {
      cmd.err('error: Repository lacks these prerequisite commits:\n');
      for (const p of missing) cmd.err(`error: ${p.oid} \n`);
      return 1;
    }
  }
  if (!(await packIsIntact(bytes, header.packOffset))) failure(`'${file}': the packfile in the bundle is damaged`);
  if (!quiet) {
    let out = `${plural(header.refs.length, 'The bundle contains this ref:', 'The bundle contains these %d refs:')}\n`;
    for (const r of header.refs) out += `${r.oid} ${r.name}\n`;
    if (!header.prerequisites.length) out += 'The bundle records a complete history.\n';
    else {
      out += `${plural(header.prerequisites.length, 'The bundle requires this ref:', 'The bundle requires these %d refs:')}\n`;
      for (const p of header.prerequisites) out += `${p.oid} \n`; // git prints no subject here
    }
    out += 'The bundle uses this hash algorithm: sha1\n';
    cmd.out(out);
  }
  cmd.err(`${file} is okay\n`);
  return 0;
}

async function listHeads(cmd: Cmd, args: string[]): Promise<number> {
  const [file, ...names] = args;
  if (!file) throw new UsageError('git bundle list-heads <file> [<refname>…]');
  const { header } = await readBundle(cmd, file);
  for (const r of header.refs) if (!names.length || names.includes(r.name)) cmd.out(`${r.oid} ${r.name}\n`);
  return 0;
}

export async function bundle(cmd: Cmd, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(cmd, rest);
  if (sub === 'verify') return verify(cmd, rest);
  if (sub === 'list-heads') return listHeads(cmd, rest);
  if (!sub) throw new UsageError(USAGE);
  return unsupported(`bundle ${sub}`);
}
