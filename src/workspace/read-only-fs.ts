import type { BufferEncoding, CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from 'just-bash';
import { fsError } from './file-tree';
import { normalizePath } from './paths';

// The lite shell's whole namespace (the tree and the scratch fs around it) seen read-only: every
// read passes through, every change fails with EROFS after being reported. A command the
// permission gate allowed as read-only runs on this, so a write the analysis missed fails instead
// of landing. Output sent to /dev/null is dropped rather than refused.

/** Where output may go even from a read-only run: nowhere. */
const DISCARD_PATHS = new Set(['/dev/null']);

type ReadOptions = { encoding?: BufferEncoding | null } | BufferEncoding;
type WriteOptions = { encoding?: BufferEncoding } | BufferEncoding;
interface DirentEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export class ReadOnlyFs implements IFileSystem {
  /**
   * Custom commands (the shell's `git`) receive the fs behind a proxy, so they recognise a
   * read-only run by this string and ask the workspace for its read-only view.
   */
  readonly readOnlyToken: string;

  constructor(
    private readonly inner: IFileSystem,
    private readonly onRefused: (op: string, path: string) => void,
    token: string,
  ) {
    this.readOnlyToken = token;
  }

  private refuse(op: string, path: string): Error {
    const p = normalizePath(path);
    this.onRefused(op, p);
    return fsError('EROFS', op, p);
  }

  readFile(path: string, options?: ReadOptions): Promise<string> {
    return this.inner.readFile(path, options);
  }
  readFileBuffer(path: string): Promise<Uint8Array> {
    return this.inner.readFileBuffer(path);
  }
  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }
  stat(path: string): Promise<FsStat> {
    return this.inner.stat(path);
  }
  lstat(path: string): Promise<FsStat> {
    return this.inner.lstat(path);
  }
  readdir(path: string): Promise<string[]> {
    return this.inner.readdir(path);
  }
  async readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    const inner = this.inner as IFileSystem & { readdirWithFileTypes?(p: string): Promise<DirentEntry[]> };
    if (inner.readdirWithFileTypes) return inner.readdirWithFileTypes(path);
    const names = await inner.readdir(path);
    return Promise.all(
      names.map(async (name) => {
        const st = await inner.stat(`${path}/${name}`);
        return { name, isFile: st.isFile, isDirectory: st.isDirectory, isSymbolicLink: st.isSymbolicLink };
      }),
    );
  }
  readlink(path: string): Promise<string> {
    return this.inner.readlink(path);
  }
  realpath(path: string): Promise<string> {
    return this.inner.realpath(path);
  }
  resolvePath(base: string, path: string): string {
    return this.inner.resolvePath(base, path);
  }
  getAllPaths(): string[] {
    return this.inner.getAllPaths();
  }

  async writeFile(path: string, _content: FileContent, _options?: WriteOptions): Promise<void> {
    if (DISCARD_PATHS.has(normalizePath(path))) return;
    throw this.refuse('open', path);
  }
  async appendFile(path: string, _content: FileContent, _options?: WriteOptions): Promise<void> {
    if (DISCARD_PATHS.has(normalizePath(path))) return;
    throw this.refuse('open', path);
  }
  async mkdir(path: string, _options?: MkdirOptions): Promise<void> {
    throw this.refuse('mkdir', path);
  }
  async rm(path: string, _options?: RmOptions): Promise<void> {
    throw this.refuse('rm', path);
  }
  async cp(_src: string, dest: string, _options?: CpOptions): Promise<void> {
    throw this.refuse('cp', dest);
  }
  async mv(src: string, _dest: string): Promise<void> {
    throw this.refuse('rename', src);
  }
  async chmod(path: string, _mode: number): Promise<void> {
    throw this.refuse('chmod', path);
  }
  async symlink(_target: string, linkPath: string): Promise<void> {
    throw this.refuse('symlink', linkPath);
  }
  async link(_existingPath: string, newPath: string): Promise<void> {
    throw this.refuse('link', newPath);
  }
  async utimes(path: string, _atime: Date, _mtime: Date): Promise<void> {
    throw this.refuse('utimes', path);
  }
}
