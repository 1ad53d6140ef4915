// util.inspect and util.format as Node prints them, for console.log in the lite runtime: the
// same quoting, nesting depth, circular markers, Map/Set/Buffer forms, one-line-or-broken layout
// (80 columns, up to 3 nested levels on one line) and column-grouped long arrays.

export interface InspectOptions {
  depth?: number | null;
  breakLength?: number;
  compact?: number;
  maxArrayLength?: number;
  maxStringLength?: number;
  showHidden?: boolean;
  sorted?: boolean;
}

interface Ctx {
  depth: number;
  breakLength: number;
  compact: number;
  maxArrayLength: number;
  maxStringLength: number;
  sorted: boolean;
  seen: object[];
  circular: Map<object, number>;
  indentationLvl: number;
  currentDepth: number;
}

export const customInspect = Symbol.for('nodejs.util.inspect.custom');
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

export function inspect(value: unknown, options: InspectOptions = {}): string {
  const ctx: Ctx = {
    depth: options.depth === null ? Infinity : (options.depth ?? 2),
    breakLength: options.breakLength ?? 80,
    compact: options.compact ?? 3,
    maxArrayLength: options.maxArrayLength ?? 100,
    maxStringLength: options.maxStringLength ?? 10000,
    sorted: options.sorted ?? false,
    seen: [],
    circular: new Map(),
    indentationLvl: 0,
    currentDepth: 0,
  };
  return formatValue(ctx, value, 0, false);
}
inspect.custom = customInspect;

export function quote(text: string): string {
  const q = !text.includes("'") ? "'" : !text.includes('"') ? '"' : !text.includes('`') ? '`' : "'";
  let out = '';
  for (const ch of text) {
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`;
    else out += ch;
  }
  return q + out + q;
}

function formatPrimitive(ctx: Ctx, value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const cut = value.length > ctx.maxStringLength;
      const text = quote(cut ? value.slice(0, ctx.maxStringLength) : value);
      return cut ? `${text}... ${value.length - ctx.maxStringLength} more characters` : text;
    }
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    default:
      return String(value);
  }
}

function formatValue(ctx: Ctx, value: unknown, recurseTimes: number, typedArray: boolean): string {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return formatPrimitive(ctx, value);
  const custom = (value as Record<symbol, unknown>)[customInspect];
  if (typeof custom === 'function' && custom !== inspect) {
    const depth = ctx.depth - recurseTimes;
    const result = custom.call(value, depth, { depth, breakLength: ctx.breakLength }, inspect);
    if (result !== value) return typeof result === 'string' ? result : formatValue(ctx, result, recurseTimes, false);
  }
  if (ctx.seen.includes(value)) {
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, recurseTimes, typedArray);
}

function constructorName(value: object): string | null {
  let proto = Object.getPrototypeOf(value);
  while (proto) {
    const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    if (typeof ctor === 'function' && ctor.name) return ctor.name;
    proto = Object.getPrototypeOf(proto);
  }
  return null;
}

function prefix(name: string | null, tag: string, fallback: string, size = ''): string {
  if (name === null) return `[${fallback}${size}: null prototype] ${tag ? `[${tag}] ` : ''}`;
  return `${name}${size} ${tag && tag !== name ? `[${tag}] ` : ''}`;
}

function functionBase(value: Function, name: string | null): string {
  const source = Function.prototype.toString.call(value);
  if (source.startsWith('class') && source.endsWith('}')) {
    const parent = Object.getPrototypeOf(value);
    return `[class ${value.name || '(anonymous)'}${parent && parent.name ? ` extends ${parent.name}` : ''}]`;
  }
  const kind = name && name !== 'Function' ? name : 'Function';
  return `[${kind}${value.name ? `: ${value.name}` : ' (anonymous)'}]`;
}

function errorBase(error: Error): string {
  const stack = typeof error.stack === 'string' && error.stack ? error.stack : '';
  const head = `${error.name || 'Error'}${error.message ? `: ${error.message}` : ''}`;
  if (!stack) return `[${head}]`;
  return stack.includes(error.message) || !error.message ? stack : `${head}\n${stack.split('\n').slice(1).join('\n')}`;
}

function formatRaw(ctx: Ctx, value: object, recurseTimes: number, typedArray: boolean): string {
  const name = constructorName(value);
  const tagValue = (value as Record<symbol, unknown>)[Symbol.toStringTag];
  const tag = typeof tagValue === 'string' ? tagValue : '';
  let keys: (string | symbol)[] = ownKeys(value, ctx);
  let braces: [string, string] = ['{', '}'];
  let base = '';
  let entries: (depth: number) => string[] = () => [];
  let isArrayLike = false;

  if (Array.isArray(value)) {
    keys = keys.filter((k) => typeof k === 'symbol' || !isIndex(k, value.length));
    braces = [`${name === 'Array' || !name ? '' : prefix(name, tag, 'Array', `(${value.length})`)}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    isArrayLike = true;
    entries = (depth) => formatList(ctx, value, depth);
  } else if (value instanceof Map) {
    keys = keys.filter((k) => k !== 'size');
    braces = [`${prefix(name, tag, 'Map', `(${value.size})`)}{`, '}'];
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
    entries = (depth) => [...value].map(([k, v]) => `${formatNested(ctx, k, depth)} => ${formatNested(ctx, v, depth)}`);
  } else if (value instanceof Set) {
    braces = [`${prefix(name, tag, 'Set', `(${value.size})`)}{`, '}'];
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
    entries = (depth) => [...value].map((v) => formatNested(ctx, v, depth));
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const bytes = value as unknown as ArrayLike<number | bigint> & { length: number };
    if (name === 'Buffer' && value instanceof Uint8Array) return formatBuffer(value);
    keys = keys.filter((k) => typeof k === 'symbol' || !isIndex(k, bytes.length));
    braces = [`${prefix(name, tag, 'TypedArray', `(${bytes.length})`)}[`, ']'];
    if (bytes.length === 0 && keys.length === 0) return `${braces[0]}]`;
    isArrayLike = true;
    entries = (depth) => formatList(ctx, Array.from(bytes), depth, true);
  } else if (typeof value === 'function') {
    base = functionBase(value, name);
    keys = keys.filter((k) => k !== 'prototype');
    if (keys.length === 0) return base;
  } else if (value instanceof RegExp) {
    base = RegExp.prototype.toString.call(value);
    if (keys.length === 0) return base;
  } else if (value instanceof Date) {
    base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (keys.length === 0) return base;
  } else if (value instanceof Error) {
    base = errorBase(value);
    keys = keys.filter((k) => k !== 'stack' && k !== 'message');
    if (keys.length === 0) return base;
  } else if (value instanceof ArrayBuffer) {
    const bytes = new Uint8Array(value);
    return `ArrayBuffer { [Uint8Contents]: <${hex(bytes, 50)}>, byteLength: ${value.byteLength} }`;
  } else if (value instanceof Promise) {
    braces = ['Promise {', '}'];
    entries = () => ['<pending>'];
  } else if (value instanceof WeakMap || value instanceof WeakSet) {
    return `${name} { <items unknown> }`;
  } else if (isBoxed(value)) {
    const inner = formatPrimitive(ctx, (value as { valueOf(): unknown }).valueOf());
    base = `[${name}: ${inner}]`;
    if (keys.length === 0) return base;
  } else {
    if (name === 'Object' && !tag) braces = ['{', '}'];
    else braces = [`${prefix(name, tag, 'Object')}{`, '}'];
    if (keys.length === 0) return name === 'Object' && !tag ? '{}' : `${braces[0]}}`;
  }

  if (recurseTimes > ctx.depth) {
    if (base) return base;
    return `[${name ?? tag ?? 'Object'}]`.replace('[null]', '[Object: null prototype]');
  }
  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  let output: string[];
  try {
    output = entries(recurseTimes + 1);
    for (const key of keys) output.push(formatProperty(ctx, value, key, recurseTimes + 1));
  } finally {
    ctx.seen.pop();
  }
  const circular = ctx.circular.get(value);
  if (circular !== undefined) {
    const ref = `<ref *${circular}>`;
    if (base) base = `${ref} ${base}`;
    else braces[0] = `${ref} ${braces[0]}`;
  }
  if (ctx.sorted && !isArrayLike) output.sort();
  const result = reduceToSingleString(ctx, output, base, braces, isArrayLike, recurseTimes, value);
  void typedArray;
  return result;
}

function ownKeys(value: object, ctx: Ctx): (string | symbol)[] {
  const keys: (string | symbol)[] = Object.keys(value);
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.getOwnPropertyDescriptor(value, symbol)?.enumerable) keys.push(symbol);
  }
  void ctx;
  return keys;
}

function isIndex(key: string | symbol, length: number): boolean {
  if (typeof key !== 'string') return false;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < length && String(n) === key;
}

function isBoxed(value: object): boolean {
  return (
    value instanceof Number ||
    value instanceof String ||
    value instanceof Boolean ||
    (typeof BigInt !== 'undefined' && Object.prototype.toString.call(value) === '[object BigInt]') ||
    Object.prototype.toString.call(value) === '[object Symbol]'
  );
}

function hex(bytes: Uint8Array, max: number): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max
    ? `${shown} ... ${bytes.length - max} more byte${bytes.length - max > 1 ? 's' : ''}`
    : shown;
}

function formatBuffer(bytes: Uint8Array): string {
  return `<Buffer${bytes.length ? ` ${hex(bytes, 50)}` : ''}>`;
}

function formatNested(ctx: Ctx, value: unknown, recurseTimes: number): string {
  ctx.indentationLvl += 2;
  const out = formatValue(ctx, value, recurseTimes, false);
  ctx.indentationLvl -= 2;
  return out;
}

function formatList(ctx: Ctx, list: ArrayLike<unknown>, recurseTimes: number, typed = false): string[] {
  const output: string[] = [];
  const shown = Math.min(list.length, ctx.maxArrayLength);
  let holes = 0;
  const flushHoles = () => {
    if (holes) output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
    holes = 0;
  };
  for (let i = 0; i < shown; i++) {
    if (!typed && !Object.prototype.hasOwnProperty.call(list, i)) {
      holes++;
      continue;
    }
    flushHoles();
    output.push(formatNested(ctx, list[i], recurseTimes));
  }
  flushHoles();
  if (list.length > shown) {
    const more = list.length - shown;
    output.push(`... ${more} more item${more > 1 ? 's' : ''}`);
  }
  return output;
}

function formatProperty(ctx: Ctx, value: object, key: string | symbol, recurseTimes: number): string {
  const desc = Object.getOwnPropertyDescriptor(value, key) ?? { value: (value as never)[key as never] };
  let shown: string;
  if (desc.get || desc.set) shown = desc.get && desc.set ? '[Getter/Setter]' : desc.get ? '[Getter]' : '[Setter]';
  else shown = formatNested(ctx, desc.value, recurseTimes);
  const name = typeof key === 'symbol' ? `[${key.toString()}]` : IDENTIFIER.test(key) ? key : quote(key);
  return `${name}: ${shown}`;
}

function reduceToSingleString(
  ctx: Ctx,
  output: string[],
  base: string,
  braces: [string, string],
  isArrayLike: boolean,
  recurseTimes: number,
  value: unknown,
): string {
  const entries = output.length;
  if (isArrayLike && entries > 6) output = groupArrayElements(ctx, output, value);
  if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}

function isBelowBreakLength(ctx: Ctx, output: string[], start: number, base: string): boolean {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const part of output) {
    total += part.length;
    if (total > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

/** Long arrays of short items print in aligned columns, as Node does. */
function groupArrayElements(ctx: Ctx, output: string[], value: unknown): string[] {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  if (output[outputLength - 1]?.startsWith('... ') && output[outputLength - 1].endsWith('more items')) outputLength--;
  const separatorSpace = 2;
  const dataLen: number[] = [];
  for (let i = 0; i < outputLength; i++) {
    const len = output[i].length;
    dataLen.push(len);
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const maxLineLength: number[] = [];
    for (let i = 0; i < columns; i++) {
      let lineLength = 0;
      for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
      maxLineLength.push(lineLength + separatorSpace);
    }
    const list = Array.isArray(value) || ArrayBuffer.isView(value) ? (value as ArrayLike<unknown>) : [];
    let padStart = list.length > 0;
    for (let i = 0; i < Math.min(list.length, outputLength); i++) {
      if (typeof list[i] !== 'number' && typeof list[i] !== 'bigint') {
        padStart = false;
        break;
      }
    }
    const grouped: string[] = [];
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let line = '';
      let j = i;
      for (; j < max - 1; j++) {
        const cell = `${output[j]}, `;
        line += padStart ? cell.padStart(maxLineLength[j - i]) : cell.padEnd(maxLineLength[j - i]);
      }
      line += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace) : output[j];
      grouped.push(line);
    }
    if (outputLength < output.length) grouped.push(output[outputLength]);
    return grouped;
  }
  return output;
}

/** util.format: printf-style %s %d %i %f %j %o %O %c %%, the rest joined by spaces. */
export function format(...args: unknown[]): string {
  const first = args[0];
  let out = '';
  let next = 1;
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let last = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first[i] !== '%') continue;
      const code = first[i + 1];
      if (code === '%') {
        out += first.slice(last, i) + '%';
        last = i + 2;
        i++;
        continue;
      }
      if (next >= args.length || !'sdifjoOc'.includes(code)) continue;
      const arg = args[next++];
      out += first.slice(last, i) + formatDirective(code, arg);
      last = i + 2;
      i++;
    }
    out += first.slice(last);
  } else next = 0;
  for (; next < args.length; next++) {
    const arg = args[next];
    out += (out || next > 0 ? ' ' : '') + (typeof arg === 'string' ? arg : inspect(arg));
  }
  return out;
}

function formatDirective(code: string, arg: unknown): string {
  switch (code) {
    case 's':
      if (typeof arg === 'bigint') return `${arg}n`;
      if (typeof arg === 'symbol') return arg.toString();
      if (typeof arg === 'number') return Object.is(arg, -0) ? '-0' : String(arg);
      if (arg && typeof arg === 'object') {
        const own = (arg as { toString?: unknown }).toString;
        if (!(arg instanceof Error) && own !== Object.prototype.toString && typeof own === 'function')
          return String(arg);
        return inspect(arg, { depth: 0 });
      }
      return String(arg);
    case 'd':
      return typeof arg === 'bigint'
        ? `${arg}n`
        : typeof arg === 'object' && arg !== null
          ? 'NaN'
          : formatNumber(Number(arg));
    case 'i':
      return typeof arg === 'bigint' ? `${arg}n` : formatNumber(parseInt(String(arg), 10));
    case 'f':
      return typeof arg === 'symbol' ? 'NaN' : formatNumber(parseFloat(String(arg)));
    case 'j':
      try {
        return JSON.stringify(arg) ?? 'undefined';
      } catch {
        return '[Circular]';
      }
    case 'o':
      return inspect(arg, { showHidden: true, depth: 4 });
    case 'O':
      return inspect(arg);
    default:
      return ''; // %c: CSS, ignored outside a browser console
  }
}

function formatNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}
