import { describe, expect, it } from 'vitest';
import { badPath, isAllowedHost, parseOriginList } from './embed-protocol';

describe('embed origins', () => {
  const deployed = 'https://tidepool.example';
  it('allows exactly the listed origins and subdomains of a wildcard', () => {
    const allowed = ['https://docs.example.com', 'https://*.course.example'];
    expect(isAllowedHost('https://docs.example.com', allowed, deployed)).toBe(true);
    expect(isAllowedHost('https://a.course.example', allowed, deployed)).toBe(true);
    expect(isAllowedHost('https://course.example', allowed, deployed)).toBe(false);
    expect(isAllowedHost('http://docs.example.com', allowed, deployed)).toBe(false);
    expect(isAllowedHost('https://docs.example.com:8443', allowed, deployed)).toBe(false);
    expect(isAllowedHost('https://docs.example.com.evil.example', allowed, deployed)).toBe(false);
    expect(isAllowedHost('https://evilcourse.example', allowed, deployed)).toBe(false);
    expect(isAllowedHost('null', allowed, deployed)).toBe(false);
    expect(isAllowedHost(null, allowed, deployed)).toBe(false);
  });

  it('trusts loopback hosts only when the app itself is on loopback (dev and tests)', () => {
    expect(isAllowedHost('http://127.0.0.1:5000', [], 'http://127.0.0.1:4480')).toBe(true);
    expect(isAllowedHost('http://localhost:3000', [], 'http://localhost:5173')).toBe(true);
    expect(isAllowedHost('http://127.0.0.1:5000', [], deployed)).toBe(false);
    expect(isAllowedHost('https://docs.example.com', [], 'http://127.0.0.1:4480')).toBe(false);
  });

  it('reads the build-time list and refuses what is not an origin', () => {
    expect(parseOriginList('https://a.example, https://*.b.example  http://localhost:3000', 'X')).toEqual([
      'https://a.example',
      'https://*.b.example',
      'http://localhost:3000',
    ]);
    expect(parseOriginList(undefined, 'X')).toEqual([]);
    expect(() => parseOriginList('https:', 'X')).toThrow(/not an origin/);
    expect(() => parseOriginList('*', 'X')).toThrow(/not an origin/);
    expect(() => parseOriginList('https://a.example/path', 'X')).toThrow(/not an origin/);
  });

  it('accepts plain relative paths only', () => {
    expect(badPath('src/app.ts')).toBeNull();
    expect(badPath('./README.md')).toBeNull();
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../b', 'a//b', 'a\u0000b', 'a/./b'])
      expect(badPath(bad)).not.toBeNull();
  });
});
