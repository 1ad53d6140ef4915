import { isDeepEqual } from './deep-equal';
import { inspect } from './inspect';

// node:assert and node:assert/strict, with Node's AssertionError (actual, expected, operator,
// code ERR_ASSERTION) and its messages, which `node --test` prints for a failing test.

export class AssertionError extends Error {
  readonly generatedMessage: boolean;
  readonly code = 'ERR_ASSERTION';
  readonly actual: unknown;
  readonly expected: unknown;
  readonly operator: string;

  constructor(options: { message?: string | Error; actual?: unknown; expected?: unknown; operator?: string }) {
    const generated = options.message === undefined;
    super(generated ? describe(options.actual, options.expected, options.operator ?? 'fail') : String(options.message));
    Object.defineProperty(this, 'name', {
      value: 'AssertionError',
      enumerable: false,
      configurable: true,
      writable: true,
    });
    if (this.stack) this.stack = this.stack.replace(/^AssertionError/, 'AssertionError [ERR_ASSERTION]');
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator ?? 'fail';
    this.generatedMessage = generated;
  }
}

const HEADERS: Record<string, string> = {
  strictEqual: 'Expected values to be strictly equal:',
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  deepEqual: 'Expected values to be loosely deep-equal:',
  equal: 'Expected values to be loosely equal:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
};

function describe(actual: unknown, expected: unknown, operator: string): string {
  const a = inspect(actual);
  const e = inspect(expected);
  if (operator === 'strictEqual' && !a.includes('\n') && !e.includes('\n') && typeof actual !== 'object') {
    return `${HEADERS.strictEqual}\n\n${a} !== ${e}\n`;
  }
  if (HEADERS[operator]) {
    if (operator.startsWith('not')) return `${HEADERS[operator]}\n\n${a}\n`;
    return `${HEADERS[operator]}\n+ actual - expected\n\n${diff(a, e)}\n`;
  }
  if (operator === '==' || operator === 'ok') return `The expression evaluated to a falsy value:\n\n  ${a}\n`;
  return `${a} ${operator} ${e}`;
}

function diff(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  const out: string[] = [];
  const max = Math.max(a.length, e.length);
  for (let i = 0; i < max; i++) {
    if (a[i] === e[i]) out.push(`  ${a[i]}`);
    else {
      if (a[i] !== undefined) out.push(`+ ${a[i]}`);
      if (e[i] !== undefined) out.push(`- ${e[i]}`);
    }
  }
  return out.join('\n');
}

function fail(options: ConstructorParameters<typeof AssertionError>[0]): never {
  if (options.message instanceof Error) throw options.message;
  throw new AssertionError(options);
}

function matches(error: unknown, expected: unknown, fnName: string): boolean {
  if (expected === undefined) return true;
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && error instanceof (expected as new () => unknown)) return true;
    if (Error.isPrototypeOf(expected) || expected === Error) return false;
    return (expected as (e: unknown) => unknown).call({}, error) === true;
  }
  if (expected instanceof RegExp)
    return expected.test(String(error instanceof Error ? error.message : error)) || expected.test(String(error));
  if (expected && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) {
      const got = (error as Record<string, unknown>)?.[key];
      if (value instanceof RegExp && typeof got === 'string' ? !value.test(got) : !isDeepEqual(got, value)) {
        fail({
          actual: error,
          expected,
          operator: fnName,
          message: `Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   ${key}: ${inspect(got)}\n-   ${key}: ${inspect(value)}\n  }\n`,
        });
      }
    }
    return true;
  }
  return true;
}

export function createAssert(strict: boolean) {
  const ok = (value: unknown, message?: string | Error) => {
    if (!value) fail({ actual: value, expected: true, operator: '==', message });
  };
  const strictEqual = (actual: unknown, expected: unknown, message?: string | Error) => {
    if (!Object.is(actual, expected)) fail({ actual, expected, operator: 'strictEqual', message });
  };
  const notStrictEqual = (actual: unknown, expected: unknown, message?: string | Error) => {
    if (Object.is(actual, expected)) fail({ actual, expected, operator: 'notStrictEqual', message });
  };
  const deepStrictEqual = (actual: unknown, expected: unknown, message?: string | Error) => {
    if (!isDeepEqual(actual, expected, true)) fail({ actual, expected, operator: 'deepStrictEqual', message });
  };
  const notDeepStrictEqual = (actual: unknown, expected: unknown, message?: string | Error) => {
    if (isDeepEqual(actual, expected, true)) fail({ actual, expected, operator: 'notDeepStrictEqual', message });
  };
  const throws = (fn: () => unknown, expected?: unknown, message?: string | Error) => {
    if (typeof expected === 'string') [message, expected] = [expected, undefined];
    try {
      fn();
    } catch (error) {
      if (!matches(error, expected, 'throws')) throw error;
      return;
    }
    fail({
      actual: undefined,
      expected,
      operator: 'throws',
      message:
        message ??
        `Missing expected exception${expected && (expected as Function).name ? ` (${(expected as Function).name})` : ''}.`,
    });
  };
  const doesNotThrow = (fn: () => unknown, message?: string | Error) => {
    try {
      fn();
    } catch (error) {
      fail({
        actual: error,
        operator: 'doesNotThrow',
        message: message ?? `Got unwanted exception.\nActual message: "${(error as Error)?.message}"`,
      });
    }
  };
  const rejects = async (promiseOrFn: unknown, expected?: unknown, message?: string | Error) => {
    if (typeof expected === 'string') [message, expected] = [expected, undefined];
    try {
      await (typeof promiseOrFn === 'function' ? (promiseOrFn as () => unknown)() : promiseOrFn);
    } catch (error) {
      if (!matches(error, expected, 'rejects')) throw error;
      return;
    }
    fail({ actual: undefined, expected, operator: 'rejects', message: message ?? 'Missing expected rejection.' });
  };
  const doesNotReject = async (promiseOrFn: unknown, message?: string | Error) => {
    try {
      await (typeof promiseOrFn === 'function' ? (promiseOrFn as () => unknown)() : promiseOrFn);
    } catch (error) {
      fail({
        actual: error,
        operator: 'doesNotReject',
        message: message ?? `Got unwanted rejection.\nActual message: "${(error as Error)?.message}"`,
      });
    }
  };
  const loose = {
    equal: (actual: unknown, expected: unknown, message?: string | Error) => {
      if (!(actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))))
        fail({ actual, expected, operator: '==', message: message ?? `${inspect(actual)} == ${inspect(expected)}` });
    },
    notEqual: (actual: unknown, expected: unknown, message?: string | Error) => {
      if (actual == expected)
        fail({ actual, expected, operator: '!=', message: message ?? `${inspect(actual)} != ${inspect(expected)}` });
    },
    deepEqual: (actual: unknown, expected: unknown, message?: string | Error) => {
      if (!isDeepEqual(actual, expected, false)) fail({ actual, expected, operator: 'deepEqual', message });
    },
    notDeepEqual: (actual: unknown, expected: unknown, message?: string | Error) => {
      if (isDeepEqual(actual, expected, false)) fail({ actual, expected, operator: 'notDeepEqual', message });
    },
  };
  const assert = Object.assign((value: unknown, message?: string | Error) => ok(value, message), {
    ok,
    fail: (message: string | Error = 'Failed') => fail({ message, operator: 'fail' }),
    strictEqual,
    notStrictEqual,
    deepStrictEqual,
    notDeepStrictEqual,
    equal: strict ? strictEqual : loose.equal,
    notEqual: strict ? notStrictEqual : loose.notEqual,
    deepEqual: strict ? deepStrictEqual : loose.deepEqual,
    notDeepEqual: strict ? notDeepStrictEqual : loose.notDeepEqual,
    throws,
    doesNotThrow,
    rejects,
    doesNotReject,
    match: (value: string, pattern: RegExp, message?: string | Error) => {
      if (!pattern.test(value))
        fail({
          actual: value,
          expected: pattern,
          operator: 'match',
          message:
            message ?? `The input did not match the regular expression ${pattern}. Input:\n\n${inspect(value)}\n`,
        });
    },
    doesNotMatch: (value: string, pattern: RegExp, message?: string | Error) => {
      if (pattern.test(value))
        fail({
          actual: value,
          expected: pattern,
          operator: 'doesNotMatch',
          message:
            message ??
            `The input was expected to not match the regular expression ${pattern}. Input:\n\n${inspect(value)}\n`,
        });
    },
    ifError: (value: unknown) => {
      if (value !== null && value !== undefined) throw value;
    },
    AssertionError,
    strict: undefined as unknown,
  });
  return assert;
}

export function createAssertModule() {
  const assert = createAssert(false);
  const strict = createAssert(true);
  assert.strict = strict;
  strict.strict = strict;
  return { assert, strict };
}
