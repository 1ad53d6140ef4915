// The text every match of a regex must contain: most files lack it, and one indexOf (memchr
// speed) skips them before any regex runs.

const LITERAL_ESCAPES = new Set('.*+?^$' + '{}()|[]\\/-=!<>:,#&~"\' @%;`_ '.split(''));

/** Index of the `]` closing the class that opens at `start`, or -1 (also for the JS oddities `[]` and `[^]`). */
function classEnd(source: string, start: number): number {
  let j = start + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') return -1;
  for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
  return j < source.length ? j : -1;
}

/**
 * The longest run of plain characters that every match must contain, or null when unsure.
 * Conservative: any alternation, an unusual escape, or a case-insensitive search gives up; groups and classes are skipped.
 */
export function requiredLiteral(source: string, flags: string): string | null {
  if (flags.includes('i')) return null;
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) return null;
      if (LITERAL_ESCAPES.has(n)) {
        run += n;
        i++;
        continue;
      }
      if ('dDwWsSbBntrfv0'.includes(n)) {
        end();
        i++;
        continue;
      }
      return null; // \u, \x, \p, \k, backreferences: not worth parsing
    }
    if (c === '|') return null;
    if (c === '[') {
      end();
      i = classEnd(source, i);
      if (i === -1) return null;
      continue;
    }
    if (c === '(') {
      end(); // skip the whole group: its contents may be optional or alternatives
      let depth = 0;
      for (; i < source.length; i++) {
        const d = source[i];
        if (d === '\\') i++;
        else if (d === '[') {
          i = classEnd(source, i);
          if (i === -1) return null;
        } else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      if (i >= source.length) return null;
      continue;
    }
    if (c === '*' || c === '?' || c === '{') {
      const last = run.charCodeAt(run.length - 1);
      run = run.slice(0, last >= 0xdc00 && last <= 0xdfff ? -2 : -1); // the previous character may be absent
      end();
      if (c === '{') i = source.indexOf('}', i);
      if (i === -1) return null;
      continue;
    }
    if (c === '+') {
      end();
      continue;
    }
    if (c === '.' || c === '^' || c === '$' || c === ')') {
      end();
      continue;
    }
    run += c;
  }
  end();
  return best.length >= 2 ? best : null;
}
