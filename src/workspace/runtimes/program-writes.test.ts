import { describe, expect, it } from 'vitest';
import { FileTree } from '../file-tree';
import { TreeFs } from '../just-bash-fs';
import { applyProgramWrites, type ProgramFsTarget } from './program-writes';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a program’s file changes entering the workspace', () => {
  it('go through the shell’s file system in order', async () => {
    const tree = new FileTree('/workspace');
    const fs = new TreeFs(tree);
    const problems = await applyProgramWrites(
      {
        writeFile: (p, d) => fs.writeFile(p.slice('/workspace'.length), d),
        mkdir: (p, o) => fs.mkdir(p.slice('/workspace'.length), o),
        rm: (p, o) => fs.rm(p.slice('/workspace'.length), o),
        mv: (a, b) => fs.mv(a.slice('/workspace'.length), b.slice('/workspace'.length)),
      },
      [
        { op: 'mkdir', path: '/workspace/out' },
        { op: 'write', path: '/workspace/out/a.json', data: bytes('{}') },
        { op: 'rename', from: '/workspace/out/a.json', to: '/workspace/out/b.json' },
      ],
      '/workspace',
    );
    expect(problems).toEqual([]);
    expect(tree.listFiles()).toEqual(['/workspace/out/b.json']);
  });

  it('refuses what is outside the root or malformed, and reports what the target refused, applying the rest', async () => {
    const written: string[] = [];
    const readOnlyForSecrets: ProgramFsTarget = {
      writeFile: async (path) => {
        if (path.includes('secret')) throw new Error('EROFS: read-only');
        written.push(path);
      },
      mkdir: async () => {},
      rm: async () => {},
      mv: async () => {},
    };
    const problems = await applyProgramWrites(
      readOnlyForSecrets,
      [
        { op: 'write', path: '/etc/passwd', data: bytes('x') },
        { op: 'write', path: '/workspace/secret.txt', data: bytes('x') },
        { op: 'write', path: '/workspace/ok.txt', data: bytes('x') },
        { op: 'delete-everything' },
      ],
      '/workspace',
    );
    expect(written).toEqual(['/workspace/ok.txt']);
    expect(problems).toEqual([
      'a change outside /workspace was ignored: /etc/passwd',
      'could not save /workspace/secret.txt: EROFS: read-only',
      'a malformed file change from the program was ignored',
    ]);
  });
});
