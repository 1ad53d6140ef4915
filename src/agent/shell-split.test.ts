import { describe, expect, it } from 'vitest';
import { shellWords, splitShellCommand } from './shell-split';

const parts = (command: string): string[] => splitShellCommand(command).commands;

describe('splitShellCommand', () => {
  it('splits on &&, ||, ;, |, & and newlines', () => {
    expect(parts('a && b || c; d | e & f\ng')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('keeps quoted operators inside one command', () => {
    expect(parts(`echo "a && b" 'c; d' e\\;f`)).toEqual([`echo "a && b" 'c; d' e\\;f`]);
  });

  it('treats subshell contents as parts of their own', () => {
    expect(parts('(cd app && npm test) | tee log.txt')).toEqual(['cd app', 'npm test', 'tee log.txt']);
  });

  it('counts commands inside $( ) and backticks as parts, keeping the outer command whole', () => {
    expect(parts('echo $(rm -rf x) `whoami`')).toEqual(['rm -rf x', 'whoami', 'echo $(rm -rf x) `whoami`']);
    expect(parts('echo "today: $(date; touch y)"')).toEqual(['date', 'touch y', 'echo "today: $(date; touch y)"']);
  });

  it('does not split on redirections, including 2>&1 and &>', () => {
    expect(parts('npm test > out.txt 2>&1')).toEqual(['npm test > out.txt 2>&1']);
    expect(parts('make &> log; ls')).toEqual(['make &> log', 'ls']);
  });

  it('drops redirections left after a subshell and structural keywords', () => {
    expect(parts('(a; b) > log')).toEqual(['a', 'b']);
    expect(parts('if test -f x; then cat x; else echo no; fi')).toEqual(['test -f x', 'cat x', 'echo no']);
    expect(parts('for f in *.ts; do wc -l $f; done')).toEqual(['wc -l $f']);
    expect(parts('{ a; b; }')).toEqual(['a', 'b']);
  });

  it('skips comments and here-document bodies', () => {
    expect(parts('ls # && rm -rf /')).toEqual(['ls']);
    expect(parts("cat > a.txt <<'EOF'\nrm -rf / && echo hi\nEOF\nls")).toEqual(["cat > a.txt <<'EOF'", 'ls']);
  });

  it('keeps && inside [[ ]] as a test', () => {
    expect(parts('[[ -f a && -f b ]] && echo both')).toEqual(['[[ -f a && -f b ]]', 'echo both']);
  });

  it('reports what it cannot split with confidence', () => {
    for (const command of [
      `echo "unterminated`,
      `echo 'x`,
      'echo $(ls',
      'a )',
      'case $x in a) ls;; esac',
      'f() { rm x; }',
      'cat <<EOF\n$(rm x)\nEOF',
    ]) {
      const split = splitShellCommand(command);
      expect(split.ok, command).toBe(false);
      expect(split.problem, command).toBeTruthy();
    }
  });

  it('handles an empty line', () => {
    expect(splitShellCommand('  ')).toEqual({ commands: [], ok: true });
  });
});

describe('shellWords', () => {
  it('removes quotes, separates assignments and redirection targets', () => {
    expect(shellWords(`FOO=1 git commit -m "a b" > 'out file' 2>&1`)).toEqual({
      assignments: ['FOO=1'],
      words: ['git', 'commit', '-m', 'a b'],
      redirects: ['out file'],
      dynamic: false,
    });
  });

  it('marks words that depend on expansion', () => {
    expect(shellWords('rm $TARGET').dynamic).toBe(true);
    expect(shellWords("echo '$HOME'").dynamic).toBe(false);
  });
});

describe("$'…' strings", () => {
  it('do not end at an escaped quote, so a hidden command is still found', () => {
    expect(parts(`echo $'\\'' && rm x #'`)).toEqual([`echo $'\\''`, 'rm x']);
  });
});
