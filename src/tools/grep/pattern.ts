// ripgrep (Rust regex) syntax to JavaScript RegExp source: what the model writes for Grep is
// ripgrep's dialect, which differs from JavaScript's in braces, inline flags, named groups and escapes.

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Rewrites a ripgrep (Rust regex) pattern into JavaScript RegExp source: a `{`/`}` that is not a
 * repetition is literal (`interface{}`), leading inline flags become flags, `(?P<n>` becomes `(?<n>`,
 * `\A`/`\z` anchor, `\Q…\E` quotes, `[[:alpha:]]` POSIX classes expand, `\x{..}` becomes `\u{..}`.
 */
export function translatePattern(pattern: string): { source: string; flags: string; unicode: boolean } {
  let flags = '';
  let p = pattern;
  const inline = /^\(\?([imsxU]+)\)/.exec(p);
  if (inline) {
    for (const f of inline[1]) if ((f === 'i' || f === 's') && !flags.includes(f)) flags += f;
    p = p.slice(inline[0].length);
  }
  let out = '';
  let inClass = false;
  let classStart = -1;
  let unicode = /[^\x00-\x7f]/.test(p);
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) {
        out += '\\\\';
        break;
      }
      if (!inClass && n === 'A') out += '^';
      else if (!inClass && (n === 'z' || n === 'Z')) out += '$';
      else if (n === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const lit = p.slice(i + 2, end === -1 ? p.length : end);
        out += inClass ? lit.replace(/[\]\\^-]/g, '\\$&') : escapeLiteral(lit);
        i = end === -1 ? p.length : end + 1;
        continue;
      } else if (n === 'x' && p[i + 2] === '{') {
        const end = p.indexOf('}', i + 3);
        out += `\\u{${p.slice(i + 3, end)}}`;
        unicode = true;
        i = end;
        continue;
      } else if ((n === 'p' || n === 'P') && p[i + 2] !== '{' && /[A-Za-z]/.test(p[i + 2] ?? '')) {
        out += `\\${n}{${p[i + 2]}}`;
        unicode = true;
        i += 2;
        continue;
      } else if ((n === 'p' || n === 'P') && p[i + 2] === '{') {
        const end = p.indexOf('}', i + 3);
        out += p.slice(i, end + 1);
        unicode = true;
        i = end;
        continue;
      } else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const end = p.indexOf(':]', i + 2);
        const name = end === -1 ? '' : p.slice(i + 2, end);
        if (POSIX_CLASSES[name]) {
          out += POSIX_CLASSES[name];
          i = end + 1;
          continue;
        }
      }
      if (c === ']') {
        // A `]` first in a class is literal in Rust regex; JavaScript needs it escaped.
        if (out.length === classStart) out += '\\]';
        else {
          inClass = false;
          out += ']';
        }
        continue;
      }
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += p[i + 1] === '^' ? '[^' : '[';
      if (p[i + 1] === '^') i++;
      classStart = out.length;
      continue;
    }
    if (c === '{') {
      const rep = /^\{\d+(,\d*)?\}/.exec(p.slice(i, i + 24));
      const quantifiable = out !== '' && !/(^|[^\\])[(|]$/.test(out);
      if (rep && quantifiable) {
        out += rep[0];
        i += rep[0].length - 1;
      } else out += '\\{';
      continue;
    }
    if (c === '}') {
      out += '\\}';
      continue;
    }
    if (c === '(' && p.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  return { source: out, flags, unicode };
}
