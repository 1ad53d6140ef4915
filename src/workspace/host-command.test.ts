import { describe, expect, it } from 'vitest';
import type { WebContainer } from '@webcontainer/api';
import { runGit } from '../git/cli';
import { commandWords, routeCommand, splitWords } from './host-command';
import { createLiteWorkspace } from './lite-workspace';
import { createWebContainerWorkspace } from './webcontainer-workspace';

describe('host commands (git in the WebContainer shell)', () => {
  it('splits plain words and quotes, and refuses what only a shell can interpret', () => {
    expect(splitWords(`git commit -m "fix: it's done" -m 'two words'`)).toEqual([
      'git',
      'commit',
      '-m',
      "fix: it's done",
      '-m',
      'two words',
    ]);
    expect(splitWords('git log HEAD~1 --format=%h')).toEqual(['git', 'log', 'HEAD~1', '--format=%h']);
    for (const line of [
      'git status | head',
      'git log > out.txt',
      'git add *.ts',
      'git commit -m "$MSG"',
      'git status; ls',
      'echo ~',
    ]) {
      expect(splitWords(line), line).toBeNull();
    }
    expect(routeCommand('cd app && git status -s', ['git'])).toEqual({ cds: ['app'], argv: ['git', 'status', '-s'] });
    expect(routeCommand('npm test', ['git'])).toBeNull();
    expect(routeCommand('git status && npm test', ['git'])).toBeNull();
  });

  it('answers `git …` in the page over the same tree, never in the container', async () => {
    const tree = createLiteWorkspace({ files: { 'app/a.txt': 'one\n' } });
    const spawned: string[] = [];
    const container = {
      workdir: '/home/workspace',
      fs: {
        watch: () => ({ close() {} }),
        readFile: async () => new Uint8Array(),
        writeFile: async () => undefined,
        mkdir: async () => undefined,
        rm: async () => undefined,
        rename: async () => undefined,
        readdir: async () => [],
      },
      mount: async () => undefined,
      spawn: async (_cmd: string, args: string[]) => {
        spawned.push(args.join(' '));
        return {
          output: new ReadableStream({ start: (c) => c.close() }),
          input: new WritableStream(),
          exit: Promise.resolve(0),
          kill() {},
        };
      },
      on: () => () => undefined,
      teardown() {},
    } as unknown as WebContainer;
    const ws = await createWebContainerWorkspace({
      tree,
      container,
      hostCommands: [
        { name: 'git', run: (args, ctx) => runGit(args, { workspace: tree, cwd: ctx.cwd, env: ctx.env }) },
      ],
    });
    expect((await ws.exec('cd app && git init -q')).exitCode).toBe(0);
    const status = await ws.exec('git status --porcelain');
    expect(status.stdout).toBe('?? a.txt\n');
    expect(status.cwd).toBe('/workspace/app');
    expect(spawned.filter((s) => s.includes('git'))).toEqual([]);
    expect(await tree.stat('app/.git/HEAD')).not.toBeNull();
  });
});

describe('commandWords', () => {
  it('lists the program of each part of a pipeline or list', () => {
    expect(commandWords('git log --oneline | head -3')).toEqual(['git', 'head']);
    expect(commandWords('cd app && git diff --stat 2>&1 | tail -1 > out.txt; echo done')).toEqual([
      'cd',
      'git',
      'tail',
      'echo',
    ]);
    expect(commandWords('GIT_PAGER=cat git log -n 1 || true')).toEqual(['git', 'true']);
    expect(commandWords("git log --format='%h | %s' | grep 'fix; now'")).toEqual(['git', 'grep']);
  });

  it('gives up on lines that can run programs it cannot see', () => {
    for (const line of [
      'echo $(git rev-parse HEAD)',
      'echo `date`',
      '(cd a && git status)',
      '{ git status; }',
      'cat <<EOF',
      "echo 'open",
    ]) {
      expect(commandWords(line), line).toBeNull();
    }
  });
});
