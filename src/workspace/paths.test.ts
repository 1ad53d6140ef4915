import { describe, expect, test } from 'vitest';
import { dirname, normalizePath, resolveInRoot, toRelative } from './paths';
import { WorkspaceError } from './types';

function outside(fn: () => unknown): WorkspaceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspaceError);
    return error as WorkspaceError;
  }
  throw new Error('expected EOUTSIDE');
}

describe('paths', () => {
  test('normalizePath collapses dots, doubled and trailing slashes', () => {
    expect(normalizePath('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(normalizePath('/..')).toBe('/');
    expect(normalizePath('a/../..')).toBe('..');
    expect(normalizePath('')).toBe('.');
    expect(normalizePath('/a/.hidden/..x/b')).toBe('/a/.hidden/..x/b');
    expect(normalizePath('/a/b/..')).toBe('/a');
    expect(normalizePath('/a/.')).toBe('/a');
    expect(dirname('/a/b')).toBe('/a');
    expect(dirname('/a')).toBe('/');
  });

  test('relative paths resolve against the root', () => {
    expect(resolveInRoot('/workspace', 'src/a.ts')).toBe('/workspace/src/a.ts');
    expect(resolveInRoot('/workspace', './src/../b.ts')).toBe('/workspace/b.ts');
    expect(resolveInRoot('/workspace', '')).toBe('/workspace');
    expect(resolveInRoot('/workspace', '.')).toBe('/workspace');
    expect(resolveInRoot('/workspace', '/workspace/x/')).toBe('/workspace/x');
  });

  test('.. that climbs out of the root is refused with EOUTSIDE naming the root', () => {
    const error = outside(() => resolveInRoot('/workspace', '../etc/passwd'));
    expect(error.code).toBe('EOUTSIDE');
    expect(error.message).toContain("'/workspace'");
    expect(outside(() => resolveInRoot('/workspace', 'src/../../x')).code).toBe('EOUTSIDE');
  });

  test('absolute paths outside the root are refused, including look-alike prefixes', () => {
    expect(outside(() => resolveInRoot('/workspace', '/etc/passwd')).message).toMatch(
      /outside the workspace root '\/workspace'/,
    );
    expect(outside(() => resolveInRoot('/workspace', '/workspace/../etc')).code).toBe('EOUTSIDE');
    expect(outside(() => resolveInRoot('/workspace', '/workspace2/a')).code).toBe('EOUTSIDE');
    expect(outside(() => resolveInRoot('/workspace', '/')).code).toBe('EOUTSIDE');
  });

  test('toRelative gives root-relative display paths', () => {
    expect(toRelative('/workspace', '/workspace/src/a.ts')).toBe('src/a.ts');
    expect(toRelative('/workspace', '/workspace')).toBe('.');
    expect(toRelative('/workspace', '/tmp/x')).toBe('/tmp/x');
  });
});
