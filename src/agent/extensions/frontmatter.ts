// Markdown files with YAML frontmatter (SKILL.md, agents/*.md, commands/*.md), read as Claude Code
// reads them. The `yaml` package handles what people really write (block scalars, flow and block
// lists, quoting); it loads only when a file has frontmatter. Files that are not valid YAML, like
// `argument-hint: [pr] [priority]`, fall back to one `key: value` per line, as Claude Code accepts them.

export interface Frontmatter {
  data: Record<string, unknown>;
  /** The Markdown after the closing `---` (the whole text when there is no frontmatter). */
  body: string;
  /** The frontmatter as written, for fields whose raw text matters (argument-hint). */
  raw: string;
  /** Set when the YAML did not parse and the line-by-line reading was used instead. */
  warning?: string;
}

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;

export async function parseFrontmatter(text: string): Promise<Frontmatter> {
  const open = OPEN.exec(text);
  if (!open) return { data: {}, body: text, raw: '' };
  const rest = text.slice(open[0].length);
  const close = /^---[ \t]*$/m.exec(rest);
  if (!close) return { data: {}, body: text, raw: '', warning: 'the frontmatter has no closing `---` line' };
  const raw = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  if (!raw.trim()) return { data: {}, body, raw };
  try {
    const { parse } = await import('yaml');
    const data: unknown = parse(quoteHints(raw));
    if (data && typeof data === 'object' && !Array.isArray(data))
      return { data: data as Record<string, unknown>, body, raw };
    return { data: lenientFields(raw), body, raw, warning: 'the frontmatter is not a list of `key: value` fields' };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      data: lenientFields(raw),
      body,
      raw,
      warning: `the frontmatter is not valid YAML (${reason}); read line by line`,
    };
  }
}

/**
 * `argument-hint: [pr] [priority]` is how Claude Code's own docs write hints, but it is not YAML:
 * an unquoted hint is quoted before parsing (it is always a string).
 */
function quoteHints(raw: string): string {
  return raw.replace(
    /^(argument-hint\s*:[ \t]*)([^'"\s].*)$/m,
    (_, key: string, value: string) => `${key}${JSON.stringify(value.trim())}`,
  );
}

/** `key: value` per line (value as written, outer quotes removed); `- item` lines and `[a, b]` make lists; `>`/`|` take the indented lines. */
function lenientFields(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let lastKey: string | null = null;
  let block: { key: string; lines: string[]; fold: boolean } | null = null;
  const endBlock = () => {
    if (block) out[block.key] = block.lines.join(block.fold ? ' ' : '\n').trim();
    block = null;
  };
  for (const line of raw.split(/\r?\n/)) {
    if (block && (/^\s+\S/.test(line) || !line.trim())) {
      (block as { lines: string[] }).lines.push(line.trim());
      continue;
    }
    endBlock();
    const item = /^\s+-\s+(.*)$/.exec(line) ?? /^-\s+(.*)$/.exec(line);
    if (item && lastKey) {
      const list = Array.isArray(out[lastKey]) ? (out[lastKey] as unknown[]) : [];
      list.push(unquote(item[1].trim()));
      out[lastKey] = list;
      continue;
    }
    const field = /^([A-Za-z_][\w-]*)\s*:\s?(.*)$/.exec(line);
    if (!field) continue;
    lastKey = field[1];
    const value = field[2].trim();
    if (/^[>|][+-]?$/.test(value)) block = { key: lastKey, lines: [], fold: value.startsWith('>') };
    else if (/^\[[^\]]*\]$/.test(value) && lastKey !== 'argument-hint')
      out[lastKey] = value
        .slice(1, -1)
        .split(',')
        .map((v) => unquote(v.trim()))
        .filter(Boolean);
    else out[lastKey] = value === '' ? '' : scalar(unquote(value));
  }
  endBlock();
  return out;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0])
    return value.slice(1, -1);
  return value;
}

function scalar(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+$/.test(value)) return Number(value);
  return value;
}

/** The value of `key` exactly as written on its line (for hints like `[pr] [priority]` that YAML reads as lists). */
export function rawField(raw: string, key: string): string | undefined {
  const match = new RegExp(`^${key}\\s*:\\s?(.*)$`, 'm').exec(raw);
  return match ? unquote(match[1].trim()) : undefined;
}

export function stringField(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `true`/`false` as YAML or text; undefined when absent or something else. */
export function booleanField(data: Record<string, unknown>, key: string): boolean | undefined {
  const value = data[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/**
 * A list of tools or names as Claude Code accepts it: a YAML list, or one string separated by commas
 * or spaces. A space inside parentheses stays (`Bash(git diff *)` is one entry).
 */
export function listField(data: Record<string, unknown>, key: string): string[] {
  const value = data[key];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? splitList(v) : []));
  if (typeof value === 'string') return splitList(value);
  return [];
}

export function splitList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || /\s/.test(ch))) {
      if (current) out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current) out.push(current);
  return out;
}
