import type { Cmd, Repo } from './context';

// Writing files of a blob into the working tree (restore, checkout -- <path>), with the
// executable bit carried over; and removing them, tidying the directories left empty as git does.

export async function writeBlobTo(cmd: Cmd, repo: Repo, path: string, oid: string, mode: number): Promise<void> {
  const { blob } = await cmd.git.readBlob({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, oid, cache: cmd.cache });
  const abs = `${repo.dir}/${path}`;
  const fsp = cmd.fs.promises;
  if ((mode & 0o170000) === 0o120000) {
    await fsp.rm(abs, { force: true });
    await fsp.symlink(new TextDecoder().decode(blob), abs);
    return;
  }
  await fsp.writeFile(abs, blob, { mode: mode & 0o111 ? 0o777 : 0o666 });
  await fsp.chmod(abs, mode & 0o111 ? 0o755 : 0o644);
}

export async function removeWorkFile(cmd: Cmd, repo: Repo, path: string): Promise<void> {
  const fsp = cmd.fs.promises;
  await fsp.rm(`${repo.dir}/${path}`, { force: true });
  // Drop parent directories that became empty (git does not track directories).
  let dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  while (dir) {
    const abs = `${repo.dir}/${dir}`;
    try {
      if ((await fsp.readdir(abs)).length) break;
      await fsp.rmdir(abs);
    } catch {
      break;
    }
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}
