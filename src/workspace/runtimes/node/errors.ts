import { inspect } from './inspect';

// How an uncaught exception or unhandled rejection reads on stderr, as Node prints it: the
// throwing line of the program with a caret, the stack (without the runtime's own frames), and
// the Node.js version line.

const FRAME = /^\s+at .*?\(?((?:[a-z]+:)?[^\s()]+?):\d+:\d+\)?(?: \{)?$/;

/**
 * The program's frames only: a frame whose file is not one of the program's (the runtime's
 * bundle, a blob: URL, Node's thread entry under test) is the runtime's and is dropped. Module
 * bodies read as Node prints them (`Object.<anonymous>`, `[eval]`).
 */
export function cleanStack(stack: string, isProgramFile: (path: string) => boolean = () => true): string {
  const kept: string[] = [];
  for (const raw of stack.split('\n')) {
    const line = raw
      .replace(/\(eval at [^()]*\([^()]*\), <anonymous>:/, '([eval]:')
      .replace(/ at Object\.eval \(/, ' at Object.<anonymous> (');
    const m = FRAME.exec(line);
    const file = m?.[1];
    const keep =
      !file ||
      file === '[eval]' ||
      file === '<anonymous>' ||
      file.startsWith('node:') ||
      (file.startsWith('/') && isProgramFile(file));
    if (keep) kept.push(line);
    // inspect() puts an error's own properties after its last frame: keep the brace that opens them.
    else if (line.endsWith(' {') && kept.length) kept[kept.length - 1] += ' {';
  }
  return kept.join('\n');
}

/** `readSource(path)` gives a workspace file's text, for the source line above the stack. */
export function describeUncaught(
  error: unknown,
  version: string,
  readSource: (path: string) => string | null,
  rejection = false,
): string {
  const isProgramFile = (path: string) =>
    readSource(path) !== null || path.endsWith('/[eval]') || path.endsWith('/[stdin]');
  let body: string;
  let where = '';
  if (error instanceof Error) {
    const stack = cleanStack(inspect(error), isProgramFile);
    body = stack;
    const frame = /\(?(\/[^():]+):(\d+):(\d+)\)?/.exec(stack.split('\n').slice(1).join('\n'));
    if (frame) {
      const source = readSource(frame[1]);
      const line = source?.split('\n')[Number(frame[2]) - 1];
      if (line !== undefined)
        where = `${frame[1]}:${frame[2]}\n${line}\n${' '.repeat(Math.max(0, Number(frame[3]) - 1))}^\n\n`;
    }
  } else if (rejection) {
    body =
      '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, ' +
      `or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${inspect(error)}".] {\n  code: 'ERR_UNHANDLED_REJECTION'\n}`;
  } else {
    body = `Uncaught ${inspect(error)}`;
  }
  return `${where}${body}\n\nNode.js ${version}\n`;
}
