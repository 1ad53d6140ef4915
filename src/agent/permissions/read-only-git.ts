import type { ShellWord } from '../../workspace/shell-syntax';
import { scanOptions, type OptionSpec, type ScannedArgs } from './options';

// Read-only git: the subcommands that only look, with the options known to keep them looking.
// Tidepool's git is isomorphic-git in the page (in both backends), so it runs no external
// programs; what must not slip through is a write (`--output`, `branch <name>`, `config k v`).

export interface GitVerdict {
  ok: boolean;
  why?: string;
  /** Shows file contents (diffs, blobs), so a Read deny rule may be crossed. */
  showsContents?: boolean;
}

const DIFF_OPTIONS: OptionSpec = {
  short: 'pusRaztwbWmcMC',
  shortValue: 'UlSGOB',
  long: [
    'patch',
    'no-patch',
    'raw',
    'patch-with-raw',
    'patch-with-stat',
    'numstat',
    'shortstat',
    'summary',
    'compact-summary',
    'name-only',
    'name-status',
    'full-index',
    'binary',
    'minimal',
    'patience',
    'histogram',
    'no-renames',
    'find-copies-harder',
    'irreversible-delete',
    'text',
    'ignore-cr-at-eol',
    'ignore-space-at-eol',
    'ignore-space-change',
    'ignore-all-space',
    'ignore-blank-lines',
    'function-context',
    'exit-code',
    'quiet',
    'no-ext-diff',
    'no-textconv',
    'no-color',
    'no-prefix',
    'default-prefix',
    'ita-invisible-in-index',
    'cached',
    'staged',
    'merge-base',
    'no-index',
    'cc',
    'combined-all-paths',
    'no-relative',
    'color-words',
    'check',
    'pickaxe-all',
    'pickaxe-regex',
    'no-abbrev',
  ],
  longValue: [
    'unified',
    'diff-filter',
    'diff-algorithm',
    'src-prefix',
    'dst-prefix',
    'line-prefix',
    'inter-hunk-context',
    'output-indicator-new',
    'output-indicator-old',
    'output-indicator-context',
    'anchored',
    'stat-width',
    'stat-name-width',
    'stat-count',
    'word-diff-regex',
    'ignore-matching-lines',
  ],
  longOptional: [
    'stat',
    'dirstat',
    'color',
    'color-moved',
    'word-diff',
    'find-renames',
    'find-copies',
    'break-rewrites',
    'relative',
    'submodule',
    'ignore-submodules',
    'abbrev',
    'ws-error-highlight',
    'color-moved-ws',
  ],
};

const LOG_OPTIONS: OptionSpec = {
  short: `${DIFF_OPTIONS.short}gi`,
  shortValue: `${DIFF_OPTIONS.shortValue}nL`,
  numeric: true,
  long: [
    ...DIFF_OPTIONS.long!,
    'oneline',
    'graph',
    'no-decorate',
    'all',
    'reverse',
    'first-parent',
    'merges',
    'no-merges',
    'follow',
    'full-history',
    'simplify-merges',
    'simplify-by-decoration',
    'ancestry-path',
    'left-right',
    'left-only',
    'right-only',
    'cherry-pick',
    'cherry-mark',
    'cherry',
    'boundary',
    'source',
    'walk-reflogs',
    'parents',
    'children',
    'topo-order',
    'date-order',
    'author-date-order',
    'full-diff',
    'abbrev-commit',
    'no-abbrev-commit',
    'relative-date',
    'regexp-ignore-case',
    'extended-regexp',
    'fixed-strings',
    'basic-regexp',
    'all-match',
    'invert-grep',
    'no-walk',
    'do-walk',
    'no-notes',
    'show-linear-break',
    'dense',
    'sparse',
    'count',
    'mailmap',
    'no-mailmap',
    'use-mailmap',
    'no-use-mailmap',
    'log-size',
    'no-expand-tabs',
    'single-worktree',
    'stdin',
  ],
  longValue: [
    ...DIFF_OPTIONS.longValue!,
    'max-count',
    'skip',
    'since',
    'after',
    'until',
    'before',
    'author',
    'committer',
    'grep',
    'grep-reflog',
    'format',
    'date',
    'encoding',
    'min-parents',
    'max-parents',
    'glob',
    'exclude',
    'since-as-filter',
  ],
  longOptional: [
    ...DIFF_OPTIONS.longOptional!,
    'decorate',
    'pretty',
    'branches',
    'tags',
    'remotes',
    'expand-tabs',
    'notes',
    'show-pulls',
    'decorate-refs',
    'decorate-refs-exclude',
  ],
};

const SUBCOMMANDS: Record<
  string,
  { options: OptionSpec; showsContents?: boolean; check?: (args: ScannedArgs) => string | null }
> = {
  status: {
    options: {
      short: 'sbvz',
      long: [
        'short',
        'branch',
        'long',
        'verbose',
        'no-column',
        'ahead-behind',
        'no-ahead-behind',
        'renames',
        'no-renames',
        'show-stash',
        'null',
      ],
      longOptional: ['porcelain', 'untracked-files', 'ignored', 'ignore-submodules', 'column', 'find-renames'],
      shortValue: 'u',
    },
  },
  log: { options: LOG_OPTIONS, showsContents: true },
  show: { options: LOG_OPTIONS, showsContents: true },
  diff: { options: DIFF_OPTIONS, showsContents: true },
  shortlog: {
    options: {
      short: 'nsec',
      long: ['numbered', 'summary', 'email', 'committer', 'all'],
      longValue: ['group', 'format'],
      longOptional: ['w'],
    },
  },
  'rev-parse': {
    options: {
      short: 'q',
      long: [
        'verify',
        'quiet',
        'sq',
        'not',
        'all',
        'symbolic',
        'symbolic-full-name',
        'show-toplevel',
        'show-prefix',
        'show-cdup',
        'git-dir',
        'git-common-dir',
        'absolute-git-dir',
        'is-inside-work-tree',
        'is-inside-git-dir',
        'is-bare-repository',
        'is-shallow-repository',
        'show-superproject-working-tree',
        'local-env-vars',
        'shared-index-path',
      ],
      longValue: ['default', 'prefix', 'path-format', 'git-path', 'resolve-git-dir'],
      longOptional: ['abbrev-ref', 'short', 'branches', 'tags', 'remotes', 'glob'],
    },
  },
  'ls-files': {
    options: {
      short: 'cdmoiskutvfz',
      shortValue: 'xX',
      long: [
        'cached',
        'deleted',
        'modified',
        'others',
        'ignored',
        'stage',
        'unmerged',
        'killed',
        'directory',
        'no-empty-directory',
        'exclude-standard',
        'full-name',
        'error-unmatch',
        'recurse-submodules',
        'eol',
        'deduplicate',
        'sparse',
      ],
      longValue: ['exclude', 'exclude-from', 'exclude-per-directory', 'with-tree', 'format'],
      longOptional: ['abbrev'],
    },
  },
  blame: {
    options: {
      short: 'lltpfnsewMC',
      shortValue: 'LS',
      long: [
        'porcelain',
        'line-porcelain',
        'root',
        'show-stats',
        'incremental',
        'reverse',
        'first-parent',
        'show-name',
        'show-number',
        'show-email',
        'color-lines',
        'color-by-age',
      ],
      longValue: ['date', 'ignore-rev', 'ignore-revs-file', 'contents'],
      longOptional: ['abbrev'],
    },
    showsContents: true,
  },
  describe: {
    options: {
      long: ['tags', 'all', 'long', 'always', 'exact-match', 'contains', 'first-parent', 'debug'],
      longValue: ['match', 'exclude', 'candidates'],
      longOptional: ['abbrev', 'dirty', 'broken'],
    },
  },
  branch: {
    options: {
      short: 'arlvi',
      long: ['all', 'remotes', 'list', 'verbose', 'show-current', 'ignore-case', 'no-column', 'omit-empty'],
      longValue: ['sort', 'format', 'points-at'],
      longOptional: ['contains', 'no-contains', 'merged', 'no-merged', 'color', 'column', 'abbrev'],
    },
    check: (args) =>
      args.operands.length === 0 || args.options.has('l') || args.options.has('list')
        ? null
        : 'git branch with a name creates a branch',
  },
  tag: {
    options: {
      short: 'li',
      shortValue: 'n',
      long: ['list', 'ignore-case', 'no-column'],
      longValue: ['sort', 'format', 'points-at'],
      longOptional: ['contains', 'no-contains', 'merged', 'no-merged', 'column', 'color'],
    },
    check: (args) =>
      args.operands.length === 0 || args.options.has('l') || args.options.has('list')
        ? null
        : 'git tag with a name creates a tag',
  },
  config: {
    options: {
      short: 'lz',
      long: [
        'list',
        'get',
        'get-all',
        'get-regexp',
        'get-urlmatch',
        'local',
        'global',
        'system',
        'worktree',
        'show-origin',
        'show-scope',
        'name-only',
        'null',
        'bool',
        'int',
        'path',
        'includes',
        'no-includes',
      ],
      longValue: ['type', 'default', 'file', 'blob'],
    },
    check: (args) => {
      const get = ['get', 'get-all', 'get-regexp', 'get-urlmatch'].some((o) => args.options.has(o));
      const list = args.options.has('l') || args.options.has('list');
      if (list && args.operands.length === 0) return null;
      if (get) return null;
      return args.operands.length === 1 && !list ? null : 'git config with a value sets it';
    },
  },
  remote: {
    options: { short: 'v', long: ['verbose'] },
    check: (args) => {
      const [sub, ...rest] = args.operands.map((w) => w.value);
      if (sub === undefined) return null;
      if (sub === 'get-url' && rest.length === 1) return null;
      return `git remote ${sub ?? ''} may change the remotes`;
    },
  },
  stash: {
    options: LOG_OPTIONS,
    showsContents: true,
    check: (args) =>
      ['list', 'show'].includes(args.operands[0]?.value ?? '') ? null : 'git stash changes the work tree',
  },
  'cat-file': {
    options: { short: 'tspe', long: ['batch-check', 'batch', 'textconv', 'filters', 'follow-symlinks'] },
    showsContents: true,
  },
  'ls-tree': {
    options: {
      short: 'rtdlz',
      long: ['name-only', 'name-status', 'object-only', 'full-name', 'full-tree', 'long'],
      longValue: ['format'],
      longOptional: ['abbrev'],
    },
  },
  'rev-list': { options: LOG_OPTIONS },
  'merge-base': { options: { short: 'a', long: ['all', 'octopus', 'independent', 'is-ancestor', 'fork-point'] } },
  'show-ref': {
    options: {
      short: 'dsq',
      long: ['head', 'heads', 'tags', 'dereference', 'verify', 'quiet', 'exists'],
      longOptional: ['hash', 'abbrev'],
    },
  },
  'for-each-ref': {
    options: {
      long: ['ignore-case', 'omit-empty', 'include-root-refs'],
      longValue: ['count', 'sort', 'format', 'points-at', 'exclude'],
      longOptional: ['merged', 'no-merged', 'contains', 'no-contains', 'shell', 'perl', 'python', 'tcl'],
    },
  },
  help: { options: { short: 'aig', long: ['all', 'guides', 'info', 'man', 'web'] } },
  version: { options: {} },
};

/** Global options before the subcommand: `-C <dir>` and the harmless ones. Not `-c`, `--git-dir`, `--work-tree`. */
const GLOBAL: OptionSpec = {
  short: 'P',
  shortValue: 'C',
  long: [
    'no-pager',
    'no-optional-locks',
    'literal-pathspecs',
    'glob-pathspecs',
    'noglob-pathspecs',
    'icase-pathspecs',
    'no-replace-objects',
    'version',
    'help',
  ],
  stopAtOperand: true,
};

/** Whether `git <args>` only reads. */
export function gitVerdict(args: readonly ShellWord[]): GitVerdict {
  const global = scanOptions(args, GLOBAL);
  if (!global.ok) return { ok: false, why: `git: ${global.why}` };
  const [subWord, ...rest] = global.args.operands;
  if (!subWord) return { ok: true };
  const sub = subWord.value;
  if (sub === null) return { ok: false, why: `the git subcommand ${subWord.text} is only known when the line runs` };
  const spec = SUBCOMMANDS[sub];
  if (!spec) return { ok: false, why: `git ${sub} is not a read-only git command` };
  const scanned = scanOptions(rest, spec.options);
  if (!scanned.ok) return { ok: false, why: `git ${sub}: ${scanned.why}` };
  const problem = spec.check?.(scanned.args);
  if (problem) return { ok: false, why: problem };
  return { ok: true, showsContents: spec.showsContents };
}
