import { beforeAll, describe, expect, it } from 'vitest';
import { analyseScript, loadShellParser, type ShellAnalysis, type ShellParser } from '.';

let parser: ShellParser;
beforeAll(async () => {
  parser = await loadShellParser();
});

function analyse(line: string, options: { cwd?: string; cdpath?: boolean } = {}): ShellAnalysis {
  const parsed = parser.parse(line);
  if (!parsed.ok) throw new Error(parsed.error);
  return analyseScript(parsed.script, { cwd: options.cwd ?? '/w', cdpath: options.cdpath });
}
const texts = (line: string): string[] => analyse(line).commands.map((c) => c.text);
const cwdsOf = (line: string, name: string): readonly string[] | null | undefined =>
  analyse(line).commands.find((c) => c.words[0]?.value === name)?.cwds;

describe('the parse, flattened', () => {
  it('sees what a hand-written splitter missed: an escaped blank before #', () => {
    expect(texts('echo a\\ #; rm -rf src')).toEqual(["echo 'a #'", 'rm -rf src']);
  });

  it('finds every command: substitutions first, then lists, pipelines, compound commands and function bodies', () => {
    expect(texts('echo $(date) | wc -l && { ls; } || (cd a; pwd)')).toEqual([
      'date',
      'echo $(date)',
      'wc -l',
      'ls',
      'cd a',
      'pwd',
    ]);
    expect(texts('if grep -q x f; then rm y; fi; for i in $(ls); do cat "$i"; done')).toEqual([
      'grep -q x f',
      'rm y',
      'ls',
      'cat "$i"',
    ]);
    expect(texts('f() { rm -rf x; }; f')).toEqual(['rm -rf x', 'f']);
    expect(texts('cat <<EOF\n$(touch y)\nEOF')).toEqual(['touch y', 'cat']);
    expect(texts('diff <(ls a) >(tee b)')).toEqual(['ls a', 'tee b', 'diff <(ls a) >(tee b)']);
    expect(texts('echo ${v:-$(rm x)}')).toEqual(['rm x', 'echo ${v…}']);
  });

  it('keeps the redirections of compound commands, as writes or reads', () => {
    const a = analyse('{ echo x; } > .git/config; while read l; do :; done < list; (ls) 2>&1');
    expect(a.redirects.map((r) => [r.kind, r.text, r.compound])).toEqual([
      ['write', '> .git/config', '{ …; }'],
      ['read', '< list', 'while … done'],
      ['dup', '2>&1', '( … )'],
    ]);
  });

  it('tells file redirections from descriptor duplications', () => {
    const kinds = analyse('echo x >| a 1<>b >& c 2>&1 3>&- &> d <<< hi').redirects.map((r) => `${r.kind} ${r.text}`);
    expect(kinds).toEqual([
      'write >| a',
      'write 1<> b',
      'write >& c',
      'dup 2>&1',
      'dup 3>&-',
      'write &> d',
      'input <<< hi',
    ]);
  });

  it('follows cd through lists: && is certain, ; may have failed, || ran where it failed', () => {
    expect(cwdsOf('cd src && ls', 'ls')).toEqual(['/w/src']);
    expect(cwdsOf('cd src; ls', 'ls')).toEqual(['/w/src', '/w']);
    expect(cwdsOf('cd src || ls', 'ls')).toEqual(['/w']);
    expect(cwdsOf('cd /etc && ls', 'ls')).toEqual(['/etc']);
    expect(cwdsOf('cd src && cd .. && ls', 'ls')).toEqual(['/w']);
    expect(analyse('ls', { cwd: '/w/deep' }).commands[0].cwds).toEqual(['/w/deep']);
  });

  it('keeps both outcomes of subshells and pipelines, and gives up where the directory cannot be known', () => {
    expect(cwdsOf('(cd .git); ls', 'ls')).toEqual(['/w', '/w/.git']);
    expect(cwdsOf('cd a | cat; ls', 'ls')).toEqual(['/w', '/w/a']);
    expect(cwdsOf('cd $D && ls', 'ls')).toBeNull();
    expect(cwdsOf('cd - && ls', 'ls')).toBeNull();
    expect(cwdsOf('cd && ls', 'ls')).toBeNull();
    expect(cwdsOf('for i in a b; do ls; cd $i; done', 'ls')).toBeNull();
    expect(cwdsOf('eval x; ls', 'ls')).toBeNull();
    expect(analyse('cd src && ls', { cdpath: true }).commands[1].cwds).toBeNull();
    expect(analyse('cd ./src && ls', { cdpath: true }).commands[1].cwds).toEqual(['/w/src']);
  });

  it('names what the parse cannot see', () => {
    expect(analyse('$CMD -rf x').problems).toEqual(['the command name $CMD is only known when the line runs']);
    expect(analyse('echo $((x + 1))').problems[0]).toMatch(/arithmetic on a variable/);
    expect(analyse('echo ${!ref}').problems[0]).toMatch(/variable named by another/);
    expect(analyse('[[ $a -eq 1 ]]').problems[0]).toMatch(/as arithmetic/);
    expect(analyse('echo ${a[$(id)]}').problems[0]).toMatch(/subscript/);
    expect(analyse('echo $((1 + 2)) ${a[0]} "${@}"').problems).toEqual([]);
  });

  it('reads words: fixed values, globs, braces, and whether expansion may start a new word', () => {
    const [, ...args] = analyse(`ls -la 'a b' src/*.ts *.ts {-o,} x{1,2} $V "$V" ~/x`).commands[0].words;
    expect(args.map((w) => [w.value, w.glob, w.brace, w.leading, w.splits])).toEqual([
      ['-la', false, false, '-la', false],
      ['a b', false, false, 'a b', false],
      [null, true, false, 'src/', false],
      [null, true, false, '', false],
      [null, false, true, '', false],
      [null, false, true, 'x', false],
      [null, false, false, '', true],
      [null, false, false, '', false],
      [null, false, false, '', false],
    ]);
  });
});
