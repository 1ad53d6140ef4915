// How a git command ends early: with git's exit code and stderr wording, so a model that knows git
// reads it as it would read real git.

export class GitExit extends Error {
  constructor(
    readonly exitCode: number,
    readonly stderr: string,
    readonly stdout = '',
  ) {
    super(stderr.trim() || `exit ${exitCode}`);
    this.name = 'GitExit';
  }
}

/** `fatal: …`, exit 128, as git does for errors it cannot go on from. */
export function fatal(message: string, code = 128): never {
  throw new GitExit(code, `fatal: ${message}\n`);
}

/** `error: …`, exit 1. */
export function failure(message: string, code = 1): never {
  throw new GitExit(code, `error: ${message}\n`);
}

/** What we do not implement says so, by name, with exit 1: never a silent no-op. */
export function unsupported(what: string): never {
  throw new GitExit(1, `git: '${what}' is not supported in Tidepool's git\n`);
}
