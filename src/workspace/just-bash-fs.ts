import type {
  BufferEncoding,
  CpOptions,
  FileContent,
  FsStat,
  IFileSystem,
  InMemoryFs,
  MkdirOptions,
  MountableFs,
  RmOptions,
} from 'just-bash';
import { FileTree, fsError } from './file-tree';
import { joinPath, normalizePath } from './paths';

// just-bash's IFileSystem over the FileTree, so every write the shell makes lands in the one tree and
// fires its change events. Types only from just-bash here: the runtime module arrives lazily.

type ReadOptions = { encoding?: BufferEncoding | null } | BufferEncoding;
type WriteOptions = { encoding?: BufferEncoding } | BufferEncoding;

/** What the adapter needs from `import('just-bash/browser')` to build the shell's namespace. */
export interface JustBashFsModule {
  InMemoryFs: typeof InMemoryFs;
  MountableFs: typeof MountableFs;
}

/** Directory entry shape just-bash's readdirWithFileTypes returns (not exported by the package). */
interface DirentEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export class TreeFs implements IFileSystem {
  constructor(readonly tree: FileTree) {}

  /** MountableFs hands us paths relative to the mount point (`/src/a.ts`); the tree wants absolute ones. */
  private abs(path: string): string {
    const p = normalizePath(path.startsWith('/') ? path : `/${path}`);
    return this.tree.root === '/' ? p : p === '/' ? this.tree.root : `${this.tree.root}${p}`;
  }

  async readFile(path: string, options?: ReadOptions): Promise<string> {
    const p = this.abs(path);
    const encoding = encodingOf(options) ?? 'utf8';
    if (encoding === 'utf8' || encoding === 'utf-8') return this.tree.readText(p);
    return decode(this.tree.readBytes(p), encoding);
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    return this.tree.readBytes(this.abs(path)).slice();
  }

  async writeFile(path: string, content: FileContent, options?: WriteOptions): Promise<void> {
    this.tree.writeFile(this.abs(path), toData(content, encodingOf(options)));
  }

  async appendFile(path: string, content: FileContent, options?: WriteOptions): Promise<void> {
    this.tree.appendFile(this.abs(path), toData(content, encodingOf(options)));
  }

  async exists(path: string): Promise<boolean> {
    return !path.includes('\0') && this.tree.has(this.abs(path));
  }

  async stat(path: string): Promise<FsStat> {
    const p = this.abs(path);
    const node = this.tree.get(p);
    if (!node) throw fsError('ENOENT', 'stat', p);
    return {
      isFile: node.kind === 'file',
      isDirectory: node.kind === 'dir',
      isSymbolicLink: false,
      mode: node.mode,
      size: node.kind === 'file' ? node.bytes.byteLength : 0,
      mtime: new Date(node.mtimeMs),
    };
  }

  async lstat(path: string): Promise<FsStat> {
    return this.stat(path);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    this.tree.mkdir(this.abs(path), { recursive: options?.recursive });
  }

  async readdir(path: string): Promise<string[]> {
    return this.tree.list(this.abs(path)).map((e) => e.name);
  }

  async readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    return this.tree.list(this.abs(path)).map((e) => ({
      name: e.name,
      isFile: e.kind === 'file',
      isDirectory: e.kind === 'dir',
      isSymbolicLink: false,
    }));
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    this.tree.remove(this.abs(path), { recursive: options?.recursive, force: options?.force });
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    const from = this.abs(src);
    const to = this.abs(dest);
    const node = this.tree.get(from);
    if (!node) throw fsError('ENOENT', 'cp', from);
    if (node.kind === 'file') return this.tree.writeFile(to, node.bytes);
    if (!options?.recursive) throw fsError('EISDIR', 'cp', from);
    if (to === from || to.startsWith(`${from}/`))
      throw fsError('EINVAL', 'cp', to, `cannot copy '${from}' into itself`);
    this.tree.mkdir(to, { recursive: true });
    for (const entry of this.tree.list(from)) {
      await this.cp(`${src}/${entry.name}`, `${dest}/${entry.name}`, options);
    }
  }

  /** Shell `mv` replaces an existing file, as POSIX rename does (the Workspace API refuses instead). */
  async mv(src: string, dest: string): Promise<void> {
    this.tree.rename(this.abs(src), this.abs(dest), { overwrite: true });
  }

  resolvePath(base: string, path: string): string {
    return path.startsWith('/') ? normalizePath(path) : joinPath(base, path);
  }

  /** Mount-relative, as MountableFs expects (`/` is the mount point itself). */
  getAllPaths(): string[] {
    const root = this.tree.root;
    const cut = root === '/' ? 0 : root.length;
    return this.tree.allPaths().map((p) => (p === root ? '/' : p.slice(cut)));
  }

  async chmod(path: string, mode: number): Promise<void> {
    this.tree.setMode(this.abs(path), mode);
  }

  async symlink(_target: string, linkPath: string): Promise<void> {
    throw linkError('symlink', this.abs(linkPath));
  }

  async link(_existingPath: string, newPath: string): Promise<void> {
    throw linkError('link', this.abs(newPath));
  }

  async readlink(path: string): Promise<string> {
    const p = this.abs(path);
    throw fsError(this.tree.has(p) ? 'EINVAL' : 'ENOENT', 'readlink', p);
  }

  async realpath(path: string): Promise<string> {
    const p = this.abs(path);
    if (!this.tree.has(p)) throw fsError('ENOENT', 'realpath', p);
    return path === '/' ? '/' : normalizePath(path.startsWith('/') ? path : `/${path}`);
  }

  async utimes(path: string, _atime: Date, mtime: Date): Promise<void> {
    this.tree.setMtime(this.abs(path), mtime.getTime());
  }
}

/**
 * The shell's whole namespace: the tree mounted at its root (e.g. `/workspace`), and a scratch
 * in-memory fs for everything else (`/tmp`, `/home/user`, `/bin` stubs) that is never persisted.
 */
export function createShellFs(
  jb: JustBashFsModule,
  tree: FileTree,
  commandNames: string[] = [],
  hidden?: string,
): { fs: IFileSystem; scratch: InMemoryFs } {
  const scratch = new jb.InMemoryFs();
  for (const dir of ['/tmp', '/home/user', '/bin', '/usr/bin', '/dev']) scratch.mkdirSync(dir, { recursive: true });
  // just-bash finds a command through a stub file on PATH and only writes them into its default fs.
  // `hidden` (our private state command) gets one in /usr/bin only, out of sight of `ls /bin`.
  for (const name of commandNames) {
    if (name === hidden) {
      scratch.writeFileSync(`/usr/bin/${name}`, `#!/bin/bash\n# Built-in command: ${name}\n`);
      continue;
    }
    const stub = `#!/bin/bash\n# Built-in command: ${name}\n`;
    scratch.writeFileSync(`/bin/${name}`, stub);
    scratch.writeFileSync(`/usr/bin/${name}`, stub);
  }
  const fs = new jb.MountableFs({ base: scratch, mounts: [{ mountPoint: tree.root, filesystem: new TreeFs(tree) }] });
  return { fs, scratch };
}

function linkError(op: string, path: string): Error {
  // Not EPERM: just-bash's `ln` turns any EPERM into "hard link not allowed for directory".
  const error = new Error(
    `ENOTSUP: links are not supported in the lite workspace (copy the file instead), ${op} '${path}'`,
  );
  (error as Error & { code: string }).code = 'ENOTSUP';
  return error;
}

function encodingOf(options?: ReadOptions | WriteOptions): BufferEncoding | undefined {
  if (!options) return undefined;
  return typeof options === 'string' ? options : (options.encoding ?? undefined);
}

function toData(content: FileContent, encoding?: BufferEncoding): string | Uint8Array {
  if (typeof content !== 'string') return content;
  switch (encoding) {
    case 'binary':
    case 'latin1':
    case 'ascii':
      return latin1ToBytes(content);
    case 'base64':
      return latin1ToBytes(atob(content.replace(/[^A-Za-z0-9+/=]/g, '')));
    case 'hex':
      return hexToBytes(content);
    default:
      return content;
  }
}

function decode(bytes: Uint8Array, encoding: BufferEncoding): string {
  switch (encoding) {
    case 'base64':
      return btoa(bytesToLatin1(bytes));
    case 'hex':
      return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    case 'ascii':
      return bytesToLatin1(bytes.map((b) => b & 0x7f));
    default:
      return bytesToLatin1(bytes);
  }
}

/** One char per byte, the form just-bash's pipes use for binary data. Chunked: apply() has an argument limit. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return out;
}

export function latin1ToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(Math.floor(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
