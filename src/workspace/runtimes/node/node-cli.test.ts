import { describe, expect, it } from 'vitest';
import { isTestFile, parseEnvFile, parseNodeArgs } from './node-cli';

describe("node's command line", () => {
  it('takes a script and passes everything after it to the program', () => {
    expect(parseNodeArgs(['--no-warnings', 'app.js', '--port', '3', '-e'])).toMatchObject({
      mode: 'script',
      script: 'app.js',
      args: ['--port', '3', '-e'],
    });
  });

  it('knows -e, -p, --input-type, --test and --version', () => {
    expect(parseNodeArgs(['-p', '1+1', 'x'])).toMatchObject({ mode: 'print', code: '1+1', args: ['x'] });
    expect(parseNodeArgs(['--input-type=module', '-e', 'await 1'])).toMatchObject({
      mode: 'eval',
      inputType: 'module',
    });
    expect(parseNodeArgs(['--test', 'test/'])).toMatchObject({ mode: 'test', files: ['test/'] });
    expect(parseNodeArgs(['-v'])).toEqual({ mode: 'version' });
    expect(parseNodeArgs([])).toMatchObject({ mode: 'stdin' });
  });

  it('refuses what needs a real machine, and says so', () => {
    expect(parseNodeArgs(['--watch', 'a.js'])).toMatchObject({
      mode: 'error',
      message: expect.stringContaining('watch mode is not available'),
    });
    expect(parseNodeArgs(['--bogus'])).toEqual({ mode: 'error', message: 'node: bad option: --bogus' });
  });

  it('finds test files by Node’s default patterns', () => {
    for (const yes of ['a.test.js', 'src/b-test.mjs', 'c_test.ts', 'test-d.cjs', 'test.js', 'test/e.js'])
      expect(isTestFile(yes), yes).toBe(true);
    for (const no of ['a.js', 'testing.js', 'node_modules/x/a.test.js', '.hidden/a.test.js', 'test/readme.md'])
      expect(isTestFile(no), no).toBe(false);
  });

  it('reads dotenv files', () => {
    expect(parseEnvFile('# c\nA=1\nexport B="two words"\nC=x # note\n')).toEqual({ A: '1', B: 'two words', C: 'x' });
  });
});
