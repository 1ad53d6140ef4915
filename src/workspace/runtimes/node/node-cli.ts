// `node`'s command line as the lite runtime understands it. Flags that only tune a real V8 or
// its tooling are accepted and ignored; ones that need what this runtime lacks are refused.

export type NodeInvocation =
  | { mode: 'version' | 'help' }
  | {
      mode: 'eval' | 'print';
      code: string;
      args: string[];
      preload: string[];
      inputType?: 'module' | 'commonjs';
      envFiles: string[];
    }
  | { mode: 'script'; script: string; args: string[]; preload: string[]; envFiles: string[] }
  | { mode: 'stdin'; args: string[]; preload: string[]; envFiles: string[] }
  | { mode: 'test'; files: string[]; preload: string[]; envFiles: string[]; namePattern?: string }
  | { mode: 'error'; message: string };

const IGNORED =
  /^--(?:experimental-[\w-]+|no-experimental-[\w-]+|no-warnings|no-deprecation|enable-source-maps|trace-[\w-]+|stack-trace-limit|max-old-space-size|stack-size|disable-warning|conditions|title|preserve-symlinks[\w-]*|test-reporter[\w-]*|test-concurrency|test-timeout|test-force-exit|strip-types|harmony[\w-]*|unhandled-rejections|pending-deprecation|throw-deprecation|abort-on-uncaught-exception|frozen-intrinsics|jitless|expose-gc|no-addons)(?:=.*)?$/;
const TAKES_VALUE = new Set([
  '--disable-warning',
  '--conditions',
  '-C',
  '--title',
  '--stack-trace-limit',
  '--test-reporter',
  '--test-reporter-destination',
  '--unhandled-rejections',
]);
const REFUSED: Record<string, string> = {
  '--watch': 'watch mode is not available in the lite workspace; run the command again after a change',
  '--inspect': 'the inspector is not available in the lite workspace',
  '--inspect-brk': 'the inspector is not available in the lite workspace',
  '--interactive': 'there is no REPL in the lite workspace; run a file or use -e',
  '-i': 'there is no REPL in the lite workspace; run a file or use -e',
  '--prof': 'profiling is not available in the lite workspace',
};

export const NODE_HELP = `Usage: node [options] [ script.js | script.ts ] [arguments]
       node --test [files...]

The lite workspace's node runs JavaScript and TypeScript in a sandboxed worker in the page:
files of the workspace, node_modules present in it, and node: builtins (fs, path, os, util,
events, assert, url, buffer, crypto, stream, readline, timers, test). No network sockets,
child processes, native addons or npm install: use the WebContainer workspace for those.

Options:
  -e, --eval script      evaluate script
  -p, --print script     evaluate script and print the result
  -r, --require module   load a module first
  --import module        load a module first
  --input-type=module    treat -e/-p/stdin code as an ES module
  --env-file=path        load environment variables from a file
  --test                 run tests (files named *.test.*, *-test.*, *_test.*, test-*.*, test.*, test/**)
  -v, --version          print the Node.js version
  -h, --help             print this help
`;

export function parseNodeArgs(argv: string[]): NodeInvocation {
  const preload: string[] = [];
  const envFiles: string[] = [];
  let inputType: 'module' | 'commonjs' | undefined;
  let code: string | null = null;
  let print = false;
  let test = false;
  let namePattern: string | undefined;
  let i = 0;
  const value = (flag: string): string | null => {
    const eq = argv[i].indexOf('=');
    if (argv[i].startsWith('--') && eq !== -1) return argv[i].slice(eq + 1);
    i++;
    return i < argv.length ? argv[i] : null;
  };
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const flag = arg.split('=')[0];
    if (REFUSED[flag]) return { mode: 'error', message: `node: ${flag}: ${REFUSED[flag]}` };
    if (flag === '-v' || flag === '--version') return { mode: 'version' };
    if (flag === '-h' || flag === '--help') return { mode: 'help' };
    if (flag === '-e' || flag === '--eval' || flag === '-p' || flag === '--print' || flag === '-pe') {
      const v = value(flag);
      if (v === null) return { mode: 'error', message: `node: ${flag} requires an argument` };
      code = v;
      print ||= flag === '-p' || flag === '--print' || flag === '-pe';
      i++;
      break;
    } else if (flag === '-r' || flag === '--require' || flag === '--import') {
      const v = value(flag);
      if (v === null) return { mode: 'error', message: `node: ${flag} requires an argument` };
      preload.push(v);
    } else if (flag === '--input-type') {
      const v = value(flag);
      if (v !== 'module' && v !== 'commonjs')
        return { mode: 'error', message: `node: --input-type must be "module" or "commonjs"` };
      inputType = v;
    } else if (flag === '--env-file' || flag === '--env-file-if-exists') {
      const v = value(flag);
      if (v === null) return { mode: 'error', message: `node: ${flag} requires an argument` };
      envFiles.push(v);
    } else if (flag === '--test') test = true;
    else if (flag === '--test-name-pattern') namePattern = value(flag) ?? undefined;
    else if (flag === '--test-only') continue;
    else if (IGNORED.test(arg)) {
      if (TAKES_VALUE.has(flag) && !arg.includes('=')) i++;
    } else return { mode: 'error', message: `node: bad option: ${arg}` };
  }
  const rest = argv.slice(i);
  if (code !== null) return { mode: print ? 'print' : 'eval', code, args: rest, preload, inputType, envFiles };
  if (test) return { mode: 'test', files: rest, preload, envFiles, namePattern };
  if (!rest.length || rest[0] === '-') return { mode: 'stdin', args: rest.slice(1), preload, envFiles };
  return { mode: 'script', script: rest[0], args: rest.slice(1), preload, envFiles };
}

/** Node's default `--test` patterns, matched against paths relative to the working directory. */
export function isTestFile(relative: string): boolean {
  if (/(^|\/)node_modules\//.test(relative) || /(^|\/)\./.test(relative)) return false;
  const name = relative.slice(relative.lastIndexOf('/') + 1);
  if (!/\.(?:[cm]?js|[cm]?ts)$/.test(name)) return false;
  const stem = name.replace(/\.(?:[cm]?js|[cm]?ts)$/, '');
  if (/(^|\/)test\//.test(relative) && /\.[cm]?js$/.test(name)) return true;
  return stem === 'test' || /^test-/.test(stem) || /[.\-_]test$/.test(stem);
}

/** Parses a dotenv file: KEY=value lines, `export` prefixes, quotes, comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) continue;
    let v = m[2];
    if (/^(['"`]).*\1$/.test(v)) {
      const quote = v[0];
      v = v.slice(1, -1);
      if (quote === '"') v = v.replace(/\\n/g, '\n');
    } else v = v.replace(/\s+#.*$/, '');
    out[m[1]] = v;
  }
  return out;
}
