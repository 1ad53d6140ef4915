import { describe, expect, test } from 'vitest';
import { fetchRecording, parseSessionLink } from './lesson-link';

// A `?session=` link names a file to fetch as data: which URLs are accepted, and the size cap that
// holds even when the server does not say how large the file is.

const BASE = 'https://tidepool.example/app/?session=x';

describe('session links', () => {
  test.each([
    ['https://lessons.example/a.json', 'https://lessons.example/a.json'],
    ['/lessons/a.json', 'https://tidepool.example/lessons/a.json'],
    ['http://127.0.0.1:8080/a.json', 'http://127.0.0.1:8080/a.json'],
    ['http://localhost/a.json', 'http://localhost/a.json'],
  ])('%s is accepted', (raw, href) => {
    const url = parseSessionLink(raw, BASE);
    expect(url.ok && url.value.href).toBe(href);
  });

  test.each([
    ['http://lessons.example/a.json', /Only https links/],
    ['javascript:alert(1)', /Only https links/],
    ['data:application/json,{}', /Only https links/],
    ['https://user:pw@lessons.example/a.json', /user name or password/],
    ['http://[', /is not a URL/],
  ])('%s is refused with why', (raw, why) => {
    const url = parseSessionLink(raw, BASE);
    expect(url.ok).toBe(false);
    if (!url.ok) expect(url.error).toMatch(why);
  });
});

describe('fetching a recording', () => {
  const url = new URL('https://lessons.example/a.json');
  const streamOf = (parts: string[]): ReadableStream<Uint8Array> =>
    new ReadableStream({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });

  test('the text of the file, fetched without credentials', async () => {
    let init: RequestInit | undefined;
    const fetched = await fetchRecording(url, {
      fetch: async (_, i) => {
        init = i;
        return new Response(streamOf(['{"a":', '1}']));
      },
    });
    expect(fetched).toEqual({ ok: true, value: '{"a":1}' });
    expect(init).toMatchObject({ mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer' });
  });

  test('a file over the cap is refused, whether or not its length was declared', async () => {
    const big = await fetchRecording(url, {
      maxBytes: 10,
      fetch: async () => new Response(streamOf(['12345678', '90ab'])),
    });
    expect(big).toEqual({ ok: false, error: 'The session file is over the 10-byte limit for links.' });
    const declared = await fetchRecording(url, {
      maxBytes: 1024 * 1024,
      fetch: async () => new Response('x', { headers: { 'content-length': String(2 * 1024 * 1024) } }),
    });
    expect(declared.ok || declared.error).toBe('The session file is over the 1 MB limit for links.');
  });

  test('network failures, HTTP errors and non-UTF-8 bytes say what happened', async () => {
    const down = await fetchRecording(url, {
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(down.ok || down.error).toMatch(/could not be fetched \(Failed to fetch\).*CORS/);
    const missing = await fetchRecording(url, { fetch: async () => new Response('no', { status: 404 }) });
    expect(missing.ok || missing.error).toBe('The session at lessons.example could not be fetched (HTTP 404).');
    const binary = await fetchRecording(url, { fetch: async () => new Response(new Uint8Array([0xff, 0xfe, 0xfd])) });
    expect(binary.ok || binary.error).toBe('The session file is not UTF-8 text.');
  });
});
