import type { Bash, ScriptNode } from 'just-bash';

// just-bash's own parser, so whatever needs to know what a command line will do (the permission
// gate, the WebContainer's git routing) reads exactly the tree the lite shell executes. The
// parser lives in the just-bash chunk, which is loaded lazily: callers await loadShellParser()
// (the first Bash call, or the first routed command) and then parse synchronously.

export type ParseOutcome = { ok: true; script: ScriptNode } | { ok: false; error: string };

export interface ShellParser {
  /** Parses one command line as `Bash.exec` would (same normalisation, same parser). Never throws. */
  parse(line: string): ParseOutcome;
}

let parser: ShellParser | null = null;
let loading: Promise<ShellParser> | null = null;

/** The parser once loaded, else null (then a caller must treat the line as not analysed). */
export function loadedShellParser(): ShellParser | null {
  return parser;
}

/** Loads the just-bash chunk (once) and returns the parser. */
export function loadShellParser(): Promise<ShellParser> {
  if (parser) return Promise.resolve(parser);
  if (!loading) {
    loading = import('just-bash/browser').then((jb) => {
      parser = createParser(new jb.Bash());
      return parser;
    });
    loading.catch(() => (loading = null)); // a failed chunk load may succeed next time
  }
  return loading;
}

/**
 * `Bash.transform` normalises the line, parses it, runs the plugins and serialises the result.
 * Only the tree is wanted, so the plugin hands it over and stops there: serialising a 2 KB line
 * back to text cost another ~40 % of the parse.
 */
function createParser(bash: Bash): ShellParser {
  const stop = { captured: null as ScriptNode | null };
  bash.registerTransformPlugin({
    name: 'tidepool-parse-only',
    transform(context) {
      stop.captured = context.ast;
      throw stop;
    },
  });
  return {
    parse(line) {
      stop.captured = null;
      try {
        bash.transform(line);
      } catch (error) {
        if (error === stop && stop.captured) return { ok: true, script: stop.captured };
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      return { ok: false, error: 'the parser returned no tree' };
    },
  };
}
