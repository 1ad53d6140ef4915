import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { GitPrefsStore, GitTokenStore } from './git-prefs';
import { KeyStore } from './key-store';

let n = 0;
const fresh = () => `git-prefs-${process.pid}-${++n}`;

describe('git prefs', () => {
  test('the proxy and recent repositories survive a new store on the same database; junk entries are dropped', async () => {
    const name = fresh();
    expect(await new GitPrefsStore(name).load()).toEqual({ corsProxy: '', recent: [] });
    await new GitPrefsStore(name).save({
      corsProxy: 'http://localhost:9999',
      recent: [{ url: 'https://github.com/a/b', label: 'a/b', openedAt: 1 }, { url: 42, label: 'broken' } as never],
    });
    expect(await new GitPrefsStore(name).load()).toEqual({
      corsProxy: 'http://localhost:9999',
      recent: [{ url: 'https://github.com/a/b', label: 'a/b', openedAt: 1 }],
    });
  });

  test('tokens are kept per origin and forgotten together', async () => {
    const tokens = new GitTokenStore(new KeyStore(fresh()));
    await tokens.set('https://github.com', 'ghp_one');
    await tokens.set('http://git.example.com:8443', 'tok_two');
    expect([...(await tokens.all())].sort()).toEqual([
      ['http://git.example.com:8443', 'tok_two'],
      ['https://github.com', 'ghp_one'],
    ]);
    await tokens.set('https://github.com', '');
    expect([...(await tokens.all()).keys()]).toEqual(['http://git.example.com:8443']);
    await tokens.forgetAll();
    expect((await tokens.all()).size).toBe(0);
  });
});
