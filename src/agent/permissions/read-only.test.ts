import { beforeAll, describe, expect, it } from 'vitest';
import { bashTool } from '../../tools/bash';
import { loadShellParser } from '../../workspace/shell-syntax';
import { decidePermission, type PermissionDecision } from '.';

// Allowlists per read-only program: an option not on the list, a script that writes, or a word
// that may expand into an option where one would be dangerous makes the command ask.

beforeAll(async () => {
  await loadShellParser();
});

const decide = (command: string, env?: Record<string, string>): PermissionDecision =>
  decidePermission({
    tool: bashTool,
    input: { command },
    mode: 'default',
    rules: { allow: [], ask: [], deny: [] },
    root: '/workspace',
    env,
  });
const verdicts = (lines: string[]): Record<string, string> =>
  Object.fromEntries(lines.map((l) => [l, decide(l).behavior]));
const all = (lines: string[], behavior: string): Record<string, string> =>
  Object.fromEntries(lines.map((l) => [l, behavior]));

describe('read-only allowlists', () => {
  it('allow the options that only read', () => {
    const lines = [
      'sort -n -k2 -t, a',
      'uniq -c a',
      'head -n 20 a',
      'tail -5 a',
      'ls -lahR src',
      'grep -rniE "a|b" --include=*.ts src',
      'rg -n foo src',
      'wc -lc a b',
      'cut -d, -f1 a',
      'diff -u a b',
      'jq -r .name package.json',
      'stat -c %s a',
      'du -sh .',
      'date +%Y-%m-%d',
      'env',
      'command -v git',
      'LC_ALL=C sort a',
      'GIT_PAGER=cat git log -n 3',
      'timeout 5 cat a',
      'set -euo pipefail; ls',
      'while read -r line; do echo "$line"; done < a',
      'find src -type f -name "*.ts" -newermt 2024-01-01 -print0',
      "sed -n '1,20p; /x/=' a",
      "sed -e 's/a/b/g' -e '3q' a",
      "awk -F, '{ n += $2 } END { print n }' a",
      'git log --oneline --graph -n 5 --stat',
      'git diff --cached --name-only',
      'git show HEAD:README.md',
      'git branch -vv',
      'git tag -l "v*"',
      'git config --get user.name',
      'git remote -v',
      'git -C sub status --porcelain',
      'git rev-parse --abbrev-ref HEAD',
    ];
    expect(verdicts(lines)).toEqual(all(lines, 'allow'));
  });

  it('ask for options and operands that write, run programs or set variables that change what runs', () => {
    const lines = [
      'sort -o out a',
      'sort --output=out a',
      'sort --outp=out a',
      'sort --compress-program=sh a',
      'sort -T /tmp a',
      'uniq a out',
      'tree -o out',
      'rg --pre ./x.sh foo',
      'rg -z foo',
      'file -C',
      'date -s "2020-01-01"',
      'date 010100002020',
      'git log --output=out',
      'git -c core.pager=evil log',
      'git --git-dir=/tmp/x status',
      'git branch topic',
      'git tag v1',
      'git config user.name mallory',
      'git remote add evil https://x',
      'git stash',
      'git push',
      "sed -n 'w out' a",
      "sed 's/a/b/w out' a",
      "sed 's/a/b/e' a",
      "sed '1e id' a",
      "sed 'r /etc/passwd' a",
      "sed -i 's/a/b/' a",
      'sed -f script.sed a',
      'awk \'{ print > "out" }\' a',
      'awk \'{ print | "sh" }\' a',
      'awk \'BEGIN { system("id") }\'',
      'awk -f prog.awk a',
      'awk \'@load "x"\'',
      'find . -exec rm {} \\;',
      'find . -execdir rm {} +',
      'find . -ok rm {} \\;',
      'find . -delete',
      'find . -fprint out',
      'find . -fls out',
      'find . -fprintf out %p',
      'xargs cat',
      'env PATH=/tmp ls',
      'FOO=1 ls',
      'PAGER=evil git log',
      'printf -v PATH x',
      'read PATH < a',
      'set -o vi',
      'tee out',
      'bash -c ls',
      'source x.sh',
    ];
    expect(verdicts(lines)).toEqual(all(lines, 'ask'));
  });

  it('a word that may expand into an option asks where an option could write, not where none can', () => {
    expect(verdicts(['cat *', 'grep -n x *.ts', 'ls $V', 'wc -l {a,b}'])).toEqual(
      all(['cat *', 'grep -n x *.ts', 'ls $V', 'wc -l {a,b}'], 'allow'),
    );
    const risky = [
      'sort *',
      'sort $V',
      'sort {-o,} x a',
      'find . -name x $V',
      'find *',
      'git log $V',
      "sed $V 's/a/b/' a",
    ];
    expect(verdicts(risky)).toEqual(all(risky, 'ask'));
    // A fixed prefix rules it out; after `--` nothing is an option.
    expect(verdicts(['sort ./*', 'sort -- $V', 'sort src/*.txt'])).toEqual(
      all(['sort ./*', 'sort -- $V', 'sort src/*.txt'], 'allow'),
    );
  });

  it('asks when the shell exports variables that change what a command runs', () => {
    expect(decide('ls', { PATH: '/workspace/bin:/usr/bin' }).behavior).toBe('ask');
    expect(decide('ls', { BASH_ENV: '/workspace/x' }).behavior).toBe('ask');
    expect(decide('ls', { BASH_ALIAS_ls: 'rm -rf x' }).behavior).toBe('ask');
    expect(decide('ls', { PATH: '/usr/bin:/bin', HOME: '/home/user', FOO: 'bar' }).behavior).toBe('allow');
  });
});
