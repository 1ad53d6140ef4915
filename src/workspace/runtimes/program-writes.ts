import type { FsOp } from './protocol';
import { isFsOp } from './protocol';

// The one place a program's file changes enter the workspace. They go through the shell's own
// file system (the same one `echo > f` writes through), so whatever that shell may not do — a
// read-only view for commands the permission gate allowed on its own — a program may not either.

/** The part of just-bash's IFileSystem the writes use. */
export interface ProgramFsTarget {
  writeFile(path: string, content: Uint8Array): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  mv(src: string, dest: string): Promise<void>;
}

/** Applies `ops` in order; a refused op is reported and the rest still go through. */
export async function applyProgramWrites(target: ProgramFsTarget, ops: unknown[], root: string): Promise<string[]> {
  const problems: string[] = [];
  for (const op of ops) {
    if (!isFsOp(op)) {
      problems.push('a malformed file change from the program was ignored');
      continue;
    }
    const paths = op.op === 'rename' ? [op.from, op.to] : [op.path];
    // The worker journals only the workspace; anything else was not made by our runtime.
    if (!paths.every((p) => p === root || p.startsWith(`${root}/`))) {
      problems.push(`a change outside ${root} was ignored: ${paths.join(' -> ')}`);
      continue;
    }
    try {
      switch (op.op) {
        case 'write':
          await target.writeFile(op.path, op.data);
          break;
        case 'mkdir':
          await target.mkdir(op.path, { recursive: true });
          break;
        case 'remove':
          await target.rm(op.path, { recursive: true, force: true });
          break;
        case 'rename':
          await target.mv(op.from, op.to);
          break;
      }
    } catch (error) {
      problems.push(`could not save ${paths.join(' -> ')}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}
