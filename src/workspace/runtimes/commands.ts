import type { Command, CommandContext, ExecResult } from 'just-bash';
import type { ExecOptions, ExecResult as WorkspaceExecResult } from '../types';
import type { FileTree } from '../file-tree';
import type { ScriptNode } from 'just-bash';
import { LIVE_VARIABLE, LiveOutput, markLiveCommands } from './live-output';
import { defaultProcessHost, type ProcessHost } from './process-host';
import type { RuntimeKind } from './protocol';
import { runProgram } from './run-program';
import { RuntimePool } from './runtime-pool';

// The lite shell's program runners: `node`, `tsx`/`ts-node` (node on TypeScript), `npx` for those
// and for packages already in node_modules, `python3`/`python`, and `pip`/`npm` that say plainly
// why they cannot install anything here. Loaded with the shell; the runtimes load on first use.

export const RUNTIME_COMMAND_NAMES = [
  'node',
  'tsx',
  'ts-node',
  'npx',
  'python3',
  'python',
  'pip',
  'pip3',
  'npm',
] as const;

/** What the lite shell needs from this module; loaded with the shell, so nothing here is in the first paint. */
export interface RuntimeCommands {
  commands: Command[];
  names: readonly string[];
  /** Marks the commands of a top-level script whose output can be shown live (see live-output.ts). */
  mark(ast: ScriptNode): void;
  /**
   * Wraps one exec: live output goes to its `onOutput` as programs print it, the shell's own
   * end-of-command delivery then hands on only the rest, and output an abort dropped is put back.
   */
  around(
    options: ExecOptions,
    exec: (options: ExecOptions) => Promise<WorkspaceExecResult>,
  ): Promise<WorkspaceExecResult>;
  /**
   * The same for a background command, which runs beside the foreground one in a shell of its
   * own: its programs stream to its own `onOutput`. `exec` registers `mark` as that shell's
   * transform of the script (a run id of its own, so the two never hear each other).
   */
  detached(
    options: ExecOptions,
    exec: (options: ExecOptions, mark: (ast: ScriptNode) => void) => Promise<WorkspaceExecResult>,
  ): Promise<WorkspaceExecResult>;
  dispose(): void;
}

interface Program {
  kind: RuntimeKind;
  args: string[];
}

const NO_INSTALL = 'the lite workspace cannot download or install packages (there is no network)';

export function createRuntimeCommands(
  tree: FileTree,
  makeHost: () => Promise<ProcessHost> = defaultProcessHost,
): RuntimeCommands {
  const pool = new RuntimePool(tree, makeHost);
  // node's files are ~0.3 MB: fetched as the shell loads, the first `node` waits only for its sandbox.
  pool.prefetch('node');
  let current: LiveOutput | null = null;
  /** Background runs' live output, by the run id their scripts were marked with. */
  const detachedRuns = new Map<string, LiveOutput>();
  let runs = 0;
  const live = (run: string | undefined) => (run === '1' ? current : run ? (detachedRuns.get(run) ?? null) : null);
  const names = new Set<string>(RUNTIME_COMMAND_NAMES);

  const run = async (argv0: string, program: Program, ctx: CommandContext): Promise<ExecResult> => {
    const env: Record<string, string> = { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) };
    const liveRun = ctx.env.get(LIVE_VARIABLE) ?? env[LIVE_VARIABLE];
    delete env[LIVE_VARIABLE];
    env.PWD = ctx.cwd;
    const sink = live(liveRun);
    const result = await runProgram(pool, {
      kind: program.kind,
      request: { args: program.args, argv0, cwd: ctx.cwd, env, stdin: stdinBytes(ctx.stdin) },
      fs: {
        writeFile: (path, data) => ctx.fs.writeFile(path, data),
        mkdir: (path, options) => ctx.fs.mkdir(path, options),
        rm: (path, options) => ctx.fs.rm(path, options),
        mv: (from, to) => ctx.fs.mv(from, to),
      },
      root: tree.root,
      signal: ctx.signal,
      onOutput: sink ? (stream, text) => sink.emit(stream, text) : undefined,
    });
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  };

  const define = (name: string, parse: (args: string[], ctx: CommandContext) => Program | ExecResult): Command => ({
    name,
    async execute(args, ctx) {
      const program = parse(args, ctx);
      return 'kind' in program ? run(name, program, ctx) : program;
    },
  });

  const node = (args: string[]): Program => ({ kind: 'node', args });
  const typescript = (tool: string) => (args: string[]) =>
    args[0] === 'watch'
      ? failure(`${tool}: watch mode is not available in the lite workspace; run the command again after a change\n`, 1)
      : node(args);

  const commands: Command[] = [
    define('node', node),
    define('tsx', typescript('tsx')),
    define('ts-node', typescript('ts-node')),
    define('npx', (args, ctx) => npx(args, ctx, tree)),
    define('python3', (args) => ({ kind: 'python', args })),
    define('python', (args) => ({ kind: 'python', args })),
    define('pip', () =>
      failure(`pip: ${NO_INSTALL}. Pure-Python packages placed in the workspace import normally.\n`, 1),
    ),
    define('pip3', () =>
      failure(`pip3: ${NO_INSTALL}. Pure-Python packages placed in the workspace import normally.\n`, 1),
    ),
    define('npm', () =>
      failure(
        `npm: ${NO_INSTALL}. Run files with node (or tsx for TypeScript), tests with node --test; packages already in node_modules load with require/import.\n`,
        1,
      ),
    ),
  ];
  return {
    commands,
    names: RUNTIME_COMMAND_NAMES,
    mark: (ast) => markLiveCommands(ast, names),
    around: async (options, exec) => {
      const output = new LiveOutput(options.onOutput);
      current = output;
      return settled(output, options, exec);
    },
    detached: async (options, exec) => {
      const run = `bg${++runs}`;
      const output = new LiveOutput(options.onOutput);
      detachedRuns.set(run, output);
      try {
        return await settled(output, options, (o) => exec(o, (ast) => markLiveCommands(ast, names, run)));
      } finally {
        detachedRuns.delete(run);
      }
    },
    dispose: () => pool.dispose(),
  };
}

/** Runs `exec` so that its end-of-command output hands on only what `output` did not stream already. */
async function settled(
  output: LiveOutput,
  options: ExecOptions,
  exec: (options: ExecOptions) => Promise<WorkspaceExecResult>,
): Promise<WorkspaceExecResult> {
  const onOutput =
    options.onOutput &&
    ((text: string, stream: 'stdout' | 'stderr') => {
      const { unshown } = output.settle(stream, text);
      if (unshown) options.onOutput!(unshown, stream);
    });
  const result = await exec({ ...options, onOutput });
  return {
    ...result,
    stdout: output.settle('stdout', result.stdout).text,
    stderr: output.settle('stderr', result.stderr).text,
  };
}

function failure(stderr: string, exitCode: number): ExecResult {
  return { stdout: '', stderr, exitCode };
}

/** `npx tsx f.ts`, `npx node …`, or a package's bin that is already in node_modules. */
function npx(args: string[], ctx: CommandContext, tree: FileTree): Program | ExecResult {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    if (args[i] === '-p' || args[i] === '--package') i++;
    i++;
  }
  const [bin, ...rest] = args.slice(i);
  if (!bin) return failure('npx: say which program to run, e.g. npx tsx file.ts\n', 1);
  if (bin === 'tsx' || bin === 'ts-node' || bin === 'node') return { kind: 'node', args: rest };
  const script = findBin(bin, ctx.cwd, tree);
  if (script) return { kind: 'node', args: [script, ...rest] };
  return failure(`npx: ${bin} is not in node_modules here, and ${NO_INSTALL}.\n`, 127);
}

function findBin(bin: string, cwd: string, tree: FileTree): string | null {
  const name = bin.replace(/@[^/@]*$/, '');
  for (let dir = cwd; dir.startsWith(tree.root); dir = dir.slice(0, dir.lastIndexOf('/')) || '/') {
    const modules = `${dir === '/' ? '' : dir}/node_modules`;
    if (tree.kind(modules) === 'dir') {
      for (const pkg of [name, ...tree.list(modules).map((e) => e.name)]) {
        const manifest = `${modules}/${pkg}/package.json`;
        if (tree.kind(manifest) !== 'file') continue;
        try {
          const json = JSON.parse(tree.readText(manifest)) as { name?: string; bin?: string | Record<string, string> };
          const target =
            typeof json.bin === 'string'
              ? json.name?.replace(/^@[^/]+\//, '') === name
                ? json.bin
                : null
              : json.bin?.[name];
          if (target) return `${modules}/${pkg}/${target.replace(/^\.\//, '')}`;
        } catch {
          // a broken package.json is not the one we look for
        }
      }
    }
    if (dir === tree.root || dir === '/') break;
  }
  return null;
}

function stdinBytes(stdin: unknown): Uint8Array {
  const text = typeof stdin === 'string' ? stdin : String(stdin ?? '');
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}
