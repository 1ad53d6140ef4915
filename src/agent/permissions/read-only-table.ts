import type { OptionSpec, ScannedArgs } from './options';
import { SEARCH_SPECS } from './read-only-search';

// The programs that may run without asking because they only read, each with the options known
// to keep it that way (an allowlist: an option not listed makes the command ask). GNU coreutils
// spellings, which also cover just-bash's and the WebContainer's implementations.

/** What a command's operands are: files whose contents it reads, paths it only lists, or data. */
export type OperandKind = 'read' | 'list' | 'data' | 'none';

export interface ReadOnlySpec {
  /** Absent: the arguments are not options at all (`echo`, `test`). */
  options?: OptionSpec;
  operands: OperandKind;
  /** The first operand is data (a pattern, a filter) unless one of these options supplied it. */
  firstOperandData?: readonly string[];
  /** No option of the program writes or runs anything, so a word that may expand to one is harmless. */
  injectionSafe?: boolean;
  /** Reads directories recursively: always, or given one of these options. */
  recursive?: true | readonly string[];
  maxOperands?: number;
  /** A further check on the scanned arguments; returns why the command is not read-only. */
  check?: (args: ScannedArgs) => string | null;
}

const HASH_SUM: ReadOnlySpec = {
  options: {
    short: 'bctwz',
    long: ['binary', 'check', 'tag', 'text', 'zero', 'ignore-missing', 'quiet', 'status', 'strict', 'warn'],
  },
  operands: 'read',
  injectionSafe: true,
};

const NO_ARGS: ReadOnlySpec = { options: {}, operands: 'none', injectionSafe: true };
const DATA: ReadOnlySpec = { operands: 'data', injectionSafe: true };

export const READ_ONLY_SPECS: Readonly<Record<string, ReadOnlySpec>> = {
  cat: {
    options: {
      short: 'AbeEnstTuv',
      long: [
        'show-all',
        'number-nonblank',
        'show-ends',
        'number',
        'squeeze-blank',
        'show-tabs',
        'show-nonprinting',
        'help',
        'version',
      ],
    },
    operands: 'read',
    injectionSafe: true,
  },
  head: {
    options: {
      short: 'qvz',
      shortValue: 'nc',
      numeric: true,
      long: ['quiet', 'silent', 'verbose', 'zero-terminated', 'help', 'version'],
      longValue: ['lines', 'bytes'],
    },
    operands: 'read',
    injectionSafe: true,
  },
  tail: {
    options: {
      short: 'fFqvzr',
      shortValue: 'ncs',
      numeric: true,
      long: ['retry', 'quiet', 'silent', 'verbose', 'zero-terminated', 'help', 'version'],
      longValue: ['lines', 'bytes', 'pid', 'sleep-interval', 'max-unchanged-stats'],
      longOptional: ['follow'],
    },
    operands: 'read',
    injectionSafe: true,
  },
  wc: {
    options: {
      short: 'clmwL',
      long: ['bytes', 'chars', 'lines', 'words', 'max-line-length', 'help', 'version'],
      longValue: ['files0-from', 'total'],
    },
    operands: 'read',
    injectionSafe: true,
  },
  ls: {
    options: {
      short: 'aAbBcCdfFgGhHiklLmnNopqQrRsStuUvwxXZ1',
      shortValue: 'ITw',
      long: [
        'all',
        'almost-all',
        'author',
        'escape',
        'human-readable',
        'si',
        'inode',
        'literal',
        'numeric-uid-gid',
        'no-group',
        'recursive',
        'reverse',
        'size',
        'directory',
        'dereference',
        'classify',
        'file-type',
        'full-time',
        'group-directories-first',
        'hide-control-chars',
        'show-control-chars',
        'ignore-backups',
        'kibibytes',
        'dereference-command-line',
        'zero',
        'help',
        'version',
      ],
      longValue: [
        'block-size',
        'format',
        'hide',
        'ignore',
        'indicator-style',
        'quoting-style',
        'sort',
        'tabsize',
        'time',
        'time-style',
        'width',
      ],
      longOptional: ['color', 'hyperlink'],
    },
    operands: 'list',
    injectionSafe: true,
  },
  ...SEARCH_SPECS,
  od: {
    options: {
      short: 'bcdfilosvx',
      shortValue: 'AjNtSw',
      long: ['output-duplicates', 'traditional'],
      longValue: ['address-radix', 'skip-bytes', 'read-bytes', 'format', 'strings', 'width'],
    },
    operands: 'read',
    injectionSafe: true,
  },
  hexdump: { options: { short: 'bcCdovx', shortValue: 'enfsL' }, operands: 'read', injectionSafe: true },
  md5sum: HASH_SUM,
  sha1sum: HASH_SUM,
  sha256sum: HASH_SUM,
  nl: { options: { short: 'p', shortValue: 'bdfhilnsvw' }, operands: 'read', injectionSafe: true },
  cut: {
    options: {
      short: 'nsz',
      shortValue: 'bcdf',
      long: ['complement', 'only-delimited', 'zero-terminated'],
      longValue: ['bytes', 'characters', 'delimiter', 'fields', 'output-delimiter'],
    },
    operands: 'read',
    injectionSafe: true,
  },
  tr: {
    options: { short: 'cCdst', long: ['complement', 'delete', 'squeeze-repeats', 'truncate-set1'] },
    operands: 'data',
    injectionSafe: true,
  },
  sort: {
    // Not -o/--output (writes), -T/--temporary-directory (writes there), --compress-program (runs one).
    options: {
      short: 'bdfgiMhnRrVcCsumz',
      shortValue: 'kt',
      long: [
        'ignore-leading-blanks',
        'dictionary-order',
        'ignore-case',
        'general-numeric-sort',
        'ignore-nonprinting',
        'month-sort',
        'human-numeric-sort',
        'numeric-sort',
        'random-sort',
        'reverse',
        'version-sort',
        'merge',
        'stable',
        'unique',
        'zero-terminated',
        'debug',
      ],
      longValue: ['key', 'field-separator', 'buffer-size', 'sort', 'parallel', 'random-source', 'files0-from'],
      longOptional: ['check'],
    },
    operands: 'read',
  },
  uniq: {
    // A second operand is an output file.
    options: {
      short: 'cdDiuz',
      shortValue: 'fsw',
      long: ['count', 'repeated', 'ignore-case', 'unique', 'zero-terminated'],
      longValue: ['skip-fields', 'skip-chars', 'check-chars'],
      longOptional: ['all-repeated', 'group'],
    },
    operands: 'read',
    maxOperands: 1,
  },
  tac: { options: { short: 'br', shortValue: 's' }, operands: 'read', injectionSafe: true },
  rev: { options: {}, operands: 'read', injectionSafe: true },
  comm: {
    options: {
      short: '123iz',
      long: ['check-order', 'nocheck-order', 'total', 'zero-terminated'],
      longValue: ['output-delimiter'],
    },
    operands: 'read',
    injectionSafe: true,
  },
  paste: { options: { short: 'sz', shortValue: 'd' }, operands: 'read', injectionSafe: true },
  fold: { options: { short: 'bs', shortValue: 'w' }, operands: 'read', injectionSafe: true },
  column: { options: { short: 'tnxeLJ', shortValue: 'scoNRHWdl' }, operands: 'read', injectionSafe: true },
  expand: { options: { short: 'i', shortValue: 't' }, operands: 'read', injectionSafe: true },
  unexpand: { options: { short: 'a', shortValue: 't' }, operands: 'read', injectionSafe: true },
  strings: { options: { short: 'afw', shortValue: 'ntes' }, operands: 'read', injectionSafe: true },
  base64: {
    options: { short: 'di', shortValue: 'w', long: ['decode', 'ignore-garbage'], longValue: ['wrap'] },
    operands: 'read',
    injectionSafe: true,
  },
  stat: {
    options: {
      short: 'LfSt',
      shortValue: 'c',
      long: ['dereference', 'file-system', 'terse'],
      longValue: ['format', 'printf'],
    },
    operands: 'list',
    injectionSafe: true,
  },
  du: {
    options: {
      short: 'a0bcDhHklLmPSsx',
      shortValue: 'dBtX',
      long: [
        'all',
        'apparent-size',
        'bytes',
        'total',
        'dereference-args',
        'human-readable',
        'inodes',
        'dereference',
        'count-links',
        'no-dereference',
        'separate-dirs',
        'si',
        'summarize',
        'one-file-system',
        'null',
      ],
      longValue: ['block-size', 'max-depth', 'threshold', 'time-style', 'exclude', 'exclude-from'],
      longOptional: ['time'],
    },
    operands: 'list',
    injectionSafe: true,
  },
  df: {
    options: {
      short: 'ahHiklPTv',
      shortValue: 'BtxF',
      long: ['all', 'human-readable', 'si', 'inodes', 'local', 'portability', 'print-type', 'total'],
      longValue: ['block-size', 'type', 'exclude-type', 'output'],
    },
    operands: 'list',
    injectionSafe: true,
  },
  tree: {
    // Not -o (writes its output to a file).
    options: {
      short: 'adfiFlrsDpugCnNqQvtUxJ',
      shortValue: 'LPI',
      long: ['dirsfirst', 'noreport', 'prune', 'help', 'version'],
      longValue: ['filelimit', 'sort', 'charset', 'timefmt'],
    },
    operands: 'list',
  },
  file: {
    // Not -C/--compile (writes a magic file).
    options: {
      short: 'bcdEhiklLNnprsSvz0',
      shortValue: 'efFmP',
      long: [
        'brief',
        'mime',
        'mime-type',
        'mime-encoding',
        'dereference',
        'no-dereference',
        'uncompress',
        'keep-going',
        'special-files',
        'raw',
        'no-pad',
        'print0',
        'preserve-date',
        'help',
        'version',
      ],
      longValue: ['exclude', 'separator', 'magic-file', 'files-from', 'parameter'],
    },
    operands: 'read',
  },
  basename: {
    options: { short: 'az', shortValue: 's', long: ['multiple', 'zero'], longValue: ['suffix'] },
    operands: 'data',
    injectionSafe: true,
  },
  dirname: { options: { short: 'z', long: ['zero'] }, operands: 'data', injectionSafe: true },
  realpath: {
    options: {
      short: 'eELmPqsz',
      long: [
        'canonicalize-existing',
        'canonicalize-missing',
        'logical',
        'physical',
        'quiet',
        'strip',
        'no-symlinks',
        'zero',
      ],
      longValue: ['relative-to', 'relative-base'],
    },
    operands: 'list',
    injectionSafe: true,
  },
  readlink: {
    options: {
      short: 'efmnqsvz',
      long: [
        'canonicalize',
        'canonicalize-existing',
        'canonicalize-missing',
        'no-newline',
        'quiet',
        'silent',
        'verbose',
        'zero',
      ],
    },
    operands: 'list',
    injectionSafe: true,
  },
  date: {
    // Not -s/--set, and no operand but `+FORMAT` (`date MMDDhhmm` sets the clock).
    options: {
      short: 'uR',
      shortValue: 'dfrI',
      long: ['utc', 'universal', 'rfc-email', 'debug', 'help', 'version'],
      longValue: ['date', 'file', 'reference', 'rfc-3339'],
      longOptional: ['iso-8601'],
    },
    operands: 'data',
    check: (args) =>
      args.operands.every((w) => w.value?.startsWith('+'))
        ? null
        : 'an operand of date that is not +FORMAT sets the clock',
  },
  seq: {
    options: { short: 'w', shortValue: 'fs', numeric: true, long: ['equal-width'], longValue: ['format', 'separator'] },
    operands: 'data',
    injectionSafe: true,
  },
  which: { options: { short: 'as' }, operands: 'data', injectionSafe: true },
  type: { options: { short: 'afptP' }, operands: 'data', injectionSafe: true },
  pwd: { options: { short: 'LP' }, operands: 'none', injectionSafe: true },
  uname: {
    options: {
      short: 'asnrvmpio',
      long: [
        'all',
        'kernel-name',
        'nodename',
        'kernel-release',
        'kernel-version',
        'machine',
        'processor',
        'hardware-platform',
        'operating-system',
      ],
    },
    operands: 'none',
    injectionSafe: true,
  },
  hostname: {
    options: { short: 'fsid', long: ['fqdn', 'short', 'ip-address', 'domain'] },
    operands: 'none',
    injectionSafe: true,
  },
  whoami: NO_ARGS,
  true: DATA,
  false: DATA,
  ':': DATA,
  echo: DATA,
  test: DATA,
  '[': DATA,
  expr: DATA,
  printenv: DATA,
  help: DATA,
  exit: DATA,
  return: DATA,
  break: DATA,
  continue: DATA,
};
