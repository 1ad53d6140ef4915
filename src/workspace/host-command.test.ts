import { beforeAll, describe, expect, it } from 'vitest';
import type { WebContainer } from '@webcontainer/api';
import { runGit } from '../git/cli';
import { commandWords, routeCommand as routeParsed } from './host-command';
import { loadShellParser, type ShellParser } from './shell-syntax';
import { createLiteWorkspace } from './lite-workspace';
import { createWebContainerWorkspace } from './webcontainer-workspace';

let parser: ShellParser;
beforeAll(async () => {
  parser = await loadShellParser();
});
const routeCommand = (line: string, names: string[]) => routeParsed(parser.parse(line), names);
const words = (line: string) => commandWords(parser.parse(line));

describe('host commands (git in the WebContainer shell)', () => {
  it('routes plain words and quotes, and leaves what only a shell can interpret to the shell', () => {
    expect(routeCommand(`git commit -m "fix: it's done" -m 'two words'`, ['git'])?.argv).toEqual([
      'git',
      'commit',
      '-m',
      "fix: it's done",
      '-m',
      'two words',
    ]);
    expect(routeCommand('git log HEAD~1 --format=%h', ['git'])?.argv).toEqual(['git', 'log', 'HEAD~1', '--format=%h']);
    for (const line of [
      'git status | head',
      'git log > out.txt',
      'git add *.ts',
      'git commit -m "$MSG"',
      'git status; ls',
      'git log ~',
      'git status &',
      'cd $HOME && git status',
      'git status #\ncd x',
    ]) {
      expect(routeCommand(line, ['git']), line).toBeNull();
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
    expect(words('git log --oneline | head -3')).toEqual(['git', 'head']);
    expect(words('cd app && git diff --stat 2>&1 | tail -1 > out.txt; echo done')).toEqual([
      'cd',
      'git',
      'tail',
      'echo',
    ]);
    expect(words('GIT_PAGER=cat git log -n 1 || true')).toEqual(['git', 'true']);
    expect(words("git log --format='%h | %s' | grep 'fix; now'")).toEqual(['git', 'grep']);
  });

  it('sees the programs inside substitutions, subshells and groups, as the shell will run them', () => {
    expect(words('echo $(git rev-parse HEAD)')).toEqual(['git', 'echo']);
    expect(words('echo `date`')).toEqual(['date', 'echo']);
    expect(words('(cd a && git status)')).toEqual(['cd', 'git']);
    expect(words('{ git status; } > out.txt')).toEqual(['git']);
    expect(words('cat <<EOF\n$(git log)\nEOF')).toEqual(['git', 'cat']);
  });

  it('gives up on lines whose programs only expansion decides', () => {
    for (const line of ["echo 'open", '$CMD status', 'f() { git status; }; f', 'echo a\\ #; rm -rf src']) {
      expect(words(line), line).toEqual(line.includes('rm -rf') ? ['echo', 'rm'] : null);
    }
  });
});
