import type { ShellWord } from '../../workspace/shell-syntax';
import { scanOptions, type OptionSpec } from './options';
import { sedScriptProblem } from './scripts';

// The file commands acceptEdits may run without asking (mkdir, touch, rm, rmdir, mv, cp, tee,
// sed -i): each with an allowlist of options, and the paths it would change, read off the parse.
// Whether those paths are fine to change is decided by the caller, against the real cwd.

export interface FileChange {
  /** Paths it creates, changes or removes. */
  targets: ShellWord[];
  /** mv/cp: the destination, which may be a directory that receives each source by name. */
  destination?: { word: ShellWord; sources: ShellWord[] };
  /** Paths whose contents it reads (cp sources, touch -r). */
  reads: ShellWord[];
}

export type FileChangeVerdict = { ok: true; change: FileChange } | { ok: false; why: string };

const SPECS: Record<string, OptionSpec> = {
  mkdir: { short: 'pv', shortValue: 'm', long: ['parents', 'verbose'], longValue: ['mode'] },
  touch: {
    short: 'acfmh',
    shortValue: 'drt',
    long: ['no-create', 'no-dereference'],
    longValue: ['date', 'reference', 'time'],
  },
  rm: {
    short: 'rRfidvI',
    long: ['recursive', 'force', 'dir', 'verbose', 'one-file-system'],
    longOptional: ['interactive'],
  },
  rmdir: { short: 'pv', long: ['parents', 'verbose', 'ignore-fail-on-non-empty'] },
  mv: {
    short: 'fnivTub',
    shortValue: 'tS',
    long: ['force', 'no-clobber', 'interactive', 'verbose', 'no-target-directory', 'strip-trailing-slashes'],
    longValue: ['target-directory', 'suffix'],
    longOptional: ['update', 'backup'],
  },
  cp: {
    short: 'aRrfinpvdlsHLPuxTb',
    shortValue: 'tS',
    long: [
      'archive',
      'recursive',
      'force',
      'interactive',
      'no-clobber',
      'no-preserve',
      'parents',
      'verbose',
      'dereference',
      'no-dereference',
      'no-target-directory',
      'remove-destination',
      'strip-trailing-slashes',
      'one-file-system',
      'attributes-only',
      'link',
      'symbolic-link',
      'copy-contents',
    ],
    longValue: ['target-directory', 'suffix', 'sparse'],
    longOptional: ['preserve', 'update', 'backup', 'reflink'],
  },
  tee: { short: 'aip', long: ['append', 'ignore-interrupts'], longOptional: ['output-error'] },
  sed: {
    short: 'nrEsuz',
    shortValue: 'el',
    long: ['quiet', 'silent', 'regexp-extended', 'separate', 'unbuffered', 'null-data', 'posix', 'debug', 'sandbox'],
    longValue: ['expression', 'line-length'],
  },
};

export const FILE_COMMANDS: readonly string[] = Object.keys(SPECS);

/** The paths a file command changes, null when the words are not one (or `sed` without -i), or why it is unclear. */
export function fileChange(words: readonly ShellWord[]): FileChangeVerdict | null {
  const name = words[0]?.value;
  if (!name || !(name in SPECS)) return null;
  let args = words.slice(1);
  if (name === 'sed') {
    const inPlace = args.findIndex((w) => w.value !== null && /^(-[nrEsuz]*i|--in-place(=|$))/.test(w.value));
    if (inPlace < 0) return null;
    const suffix = /^(?:-[nrEsuz]*i|--in-place=?)(.*)$/.exec(args[inPlace].value!)![1];
    if (/[/*]/.test(suffix)) return { ok: false, why: `sed's backup suffix ${suffix} can put the backup elsewhere` };
    args = args.filter((_, i) => i !== inPlace);
  }
  const scanned = scanOptions(args, SPECS[name]);
  if (!scanned.ok) return { ok: false, why: `${name}: ${scanned.why}` };
  const { options, operands } = scanned.args;
  const values = (...keys: string[]): ShellWord[] =>
    keys.flatMap((k) => options.get(k) ?? []).filter((w): w is ShellWord => !!w);
  switch (name) {
    case 'mv':
    case 'cp': {
      const targetDir = values('t', 'target-directory');
      const sources = targetDir.length ? operands : operands.slice(0, -1);
      const dest = targetDir[0] ?? operands[operands.length - 1];
      if (!dest || sources.length === 0) return { ok: false, why: `${name} without a source and a destination` };
      return {
        ok: true,
        change: {
          targets: name === 'mv' ? sources : [],
          destination: { word: dest, sources },
          reads: name === 'cp' ? sources : [],
        },
      };
    }
    case 'touch':
      return { ok: true, change: { targets: operands, reads: values('r', 'reference') } };
    case 'sed': {
      const given = values('e', 'expression');
      const scripts = given.length ? given : operands.slice(0, 1);
      for (const script of scripts) {
        if (script.value === null)
          return { ok: false, why: `the sed script ${script.text} is only known when the line runs` };
        const problem = sedScriptProblem(script.value);
        if (problem) return { ok: false, why: `sed: ${problem}` };
      }
      const files = given.length ? operands : operands.slice(1);
      if (files.length === 0) return { ok: false, why: 'sed -i without a file' };
      return { ok: true, change: { targets: files, reads: [] } };
    }
    default:
      if (operands.length === 0) return { ok: false, why: `${name} without a path` };
      return { ok: true, change: { targets: operands, reads: [] } };
  }
}
