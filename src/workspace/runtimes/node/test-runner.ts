import { cleanStack } from './errors';
import { inspect } from './inspect';

// node:test for the lite runtime: test/it/describe/suite with skip, todo and only, hooks,
// subtests through the context, a small `mock.fn`, and Node's spec reporter (✔/✖ lines as each
// test ends, then the ℹ summary and the failing tests again), which `node --test` ends with.

type Fn = (context: TestContext, done?: (error?: unknown) => void) => unknown;
type Hook = () => unknown;

interface Options {
  skip?: boolean | string;
  todo?: boolean | string;
  only?: boolean;
  timeout?: number;
}

interface Node {
  name: string;
  kind: 'test' | 'suite';
  fn?: Fn;
  options: Options;
  children: Node[];
  hooks: { before: Hook[]; after: Hook[]; beforeEach: Hook[]; afterEach: Hook[] };
  parent: Node | null;
  /** describe bodies run when declared; an async one is awaited before its suite runs. */
  ready?: Promise<unknown>;
  location: string;
}

export interface Totals {
  tests: number;
  suites: number;
  pass: number;
  fail: number;
  cancelled: number;
  skipped: number;
  todo: number;
  failures: string[];
}

export function emptyTotals(): Totals {
  return { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0, failures: [] };
}

export interface TestContext {
  name: string;
  fullName: string;
  signal: AbortSignal;
  mock: ReturnType<typeof createMock>;
  test(name: unknown, options?: unknown, fn?: unknown): Promise<void>;
  skip(message?: string): void;
  todo(message?: string): void;
  diagnostic(message: string): void;
  plan(count: number): void;
  before(fn: Hook): void;
  after(fn: Hook): void;
  beforeEach(fn: Hook): void;
  afterEach(fn: Hook): void;
}

function createMock() {
  const fns: Array<{ mock: { calls: unknown[]; resetCalls(): void } }> = [];
  const fn = (implementation: (...args: unknown[]) => unknown = () => undefined) => {
    let impl = implementation;
    const calls: Array<{ arguments: unknown[]; result?: unknown; error?: unknown; this: unknown }> = [];
    const mocked = function (this: unknown, ...args: unknown[]) {
      const call: (typeof calls)[number] = { arguments: args, this: this };
      calls.push(call);
      try {
        call.result = impl.apply(this, args);
        return call.result;
      } catch (error) {
        call.error = error;
        throw error;
      }
    };
    const mock = {
      calls,
      callCount: () => calls.length,
      resetCalls: () => void calls.splice(0),
      mockImplementation: (next: typeof impl) => void (impl = next),
    };
    Object.assign(mocked, { mock });
    fns.push({ mock });
    return mocked;
  };
  const method = (object: Record<string, unknown>, name: string, implementation?: (...args: unknown[]) => unknown) => {
    const original = object[name] as (...args: unknown[]) => unknown;
    const mocked = fn(implementation ?? original);
    object[name] = mocked;
    Object.assign((mocked as unknown as { mock: Record<string, unknown> }).mock, {
      restore: () => (object[name] = original),
    });
    return mocked;
  };
  return { fn, method, reset: () => fns.forEach((f) => f.mock.resetCalls()), restoreAll: () => {} };
}

export function createTestModule(
  write: (text: string) => void,
  location: () => string,
  isProgramFile: (path: string) => boolean = () => true,
) {
  const root: Node = blank('<root>', 'suite', null, '');
  let current = root;
  let started: Promise<Totals> | null = null;

  function blank(name: string, kind: Node['kind'], parent: Node | null, where: string): Node {
    return {
      name,
      kind,
      options: {},
      children: [],
      hooks: { before: [], after: [], beforeEach: [], afterEach: [] },
      parent,
      location: where,
    };
  }

  const args = (a: unknown, b: unknown, c: unknown): [string, Options, Fn | undefined] => {
    let name = '<anonymous>';
    let options: Options = {};
    let fn: Fn | undefined;
    for (const arg of [a, b, c]) {
      if (typeof arg === 'string') name = arg;
      else if (typeof arg === 'function') fn = arg as Fn;
      else if (arg && typeof arg === 'object') options = arg as Options;
    }
    if (name === '<anonymous>' && fn?.name) name = fn.name;
    return [name, options, fn];
  };

  const declare = (kind: Node['kind'], extra: Options) => (a?: unknown, b?: unknown, c?: unknown) => {
    const [name, options, fn] = args(a, b, c);
    const node = blank(name, kind, current, location());
    node.options = { ...options, ...extra };
    node.fn = fn;
    current.children.push(node);
    if (kind === 'suite' && fn) {
      const previous = current;
      current = node;
      try {
        const result = (fn as () => unknown)();
        if (result instanceof Promise) node.ready = result;
      } finally {
        current = previous;
      }
    }
    return Promise.resolve();
  };

  const withVariants = (kind: Node['kind']) =>
    Object.assign(declare(kind, {}), {
      skip: declare(kind, { skip: true }),
      todo: declare(kind, { todo: true }),
      only: declare(kind, { only: true }),
    });

  const test = withVariants('test');
  const describe = withVariants('suite');
  const hook = (key: keyof Node['hooks']) => (fn: Hook) => void current.hooks[key].push(fn);

  const totals = emptyTotals();

  const ms = (start: number) => `${(performance.now() - start).toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}ms`;
  const line = (depth: number, text: string) => write(`${'  '.repeat(depth)}${text}\n`);
  const describeError = (error: unknown, depth: number) =>
    cleanStack(inspect(error), isProgramFile)
      .split('\n')
      .map((l) => `${'  '.repeat(depth)}${l}`)
      .join('\n');

  const eachHooks = (node: Node, key: 'beforeEach' | 'afterEach'): Hook[] => {
    const chain: Hook[][] = [];
    for (let n: Node | null = node.parent; n; n = n.parent) chain.unshift(n.hooks[key]);
    return (key === 'afterEach' ? chain.reverse() : chain).flat();
  };

  async function runTest(node: Node, depth: number): Promise<boolean> {
    const start = performance.now();
    totals.tests++;
    if (node.options.skip) {
      totals.skipped++;
      line(depth, `﹣ ${node.name} (${ms(start)}) # SKIP`);
      return true;
    }
    let skipped: string | null = null;
    let todo = node.options.todo ? '' : null;
    const controller = new AbortController();
    const context: TestContext = {
      name: node.name,
      fullName: node.name,
      signal: controller.signal,
      mock: createMock(),
      test: async (a, b, c) => {
        const [name, options, fn] = args(a, b, c);
        const child = blank(name, 'test', node, location());
        child.options = options;
        child.fn = fn;
        node.children.push(child);
        const ok = await runTest(child, depth + 1);
        if (!ok) subtestFailed = true;
      },
      skip: (message) => void (skipped = message ?? ''),
      todo: (message) => void (todo = message ?? ''),
      diagnostic: (message) => line(depth + 1, `ℹ ${message}`),
      plan: () => {},
      before: (fn) => void node.hooks.before.push(fn),
      after: (fn) => void node.hooks.after.push(fn),
      beforeEach: (fn) => void node.hooks.beforeEach.push(fn),
      afterEach: (fn) => void node.hooks.afterEach.push(fn),
    };
    let subtestFailed = false;
    let error: unknown = null;
    try {
      for (const h of eachHooks(node, 'beforeEach')) await h();
      if (node.fn) {
        if (node.fn.length >= 2) {
          await new Promise<void>((resolve, reject) => {
            const result = node.fn!(context, (e?: unknown) => (e ? reject(e) : resolve()));
            if (result instanceof Promise) result.catch(reject);
          });
        } else await node.fn.call(context, context);
      }
      for (const h of eachHooks(node, 'afterEach')) await h();
      for (const h of node.hooks.after) await h();
    } catch (e) {
      error = e;
    }
    controller.abort();
    if (!error && subtestFailed) error = new Error(`${node.children.filter(() => true).length} subtests failed`);
    const time = ms(start);
    if (error && todo === null) {
      totals.fail++;
      line(depth, `✖ ${node.name} (${time})`);
      const detail = describeError(error, depth + 1);
      write(`${detail}\n\n`);
      totals.failures.push(`test at ${node.location}\n✖ ${node.name} (${time})\n${describeError(error, 1)}\n`);
      return false;
    }
    if (skipped !== null) {
      totals.skipped++;
      line(depth, `﹣ ${node.name} (${time}) # SKIP${skipped ? ` ${skipped}` : ''}`);
    } else if (todo !== null) {
      totals.todo++;
      line(depth, `${error ? '✖' : '✔'} ${node.name} (${time}) # TODO${todo ? ` ${todo}` : ''}`);
    } else {
      totals.pass++;
      line(depth, `✔ ${node.name} (${time})`);
    }
    return true;
  }

  async function runSuite(node: Node, depth: number): Promise<boolean> {
    const start = performance.now();
    if (node !== root) {
      totals.suites++;
      if (node.options.skip) {
        line(depth, `﹣ ${node.name} (${ms(start)}) # SKIP`);
        return true;
      }
      line(depth, `▶ ${node.name}`);
    }
    let ok = true;
    try {
      await node.ready;
      for (const h of node.hooks.before) await h();
      for (const child of node.children) {
        const passed =
          child.kind === 'suite'
            ? await runSuite(child, node === root ? depth : depth + 1)
            : await runTest(child, node === root ? depth : depth + 1);
        ok &&= passed;
      }
      for (const h of node.hooks.after) await h();
    } catch (error) {
      ok = false;
      totals.fail++;
      line(depth + 1, `✖ ${node.name} hook failed`);
      write(`${describeError(error, depth + 2)}\n`);
      totals.failures.push(`suite at ${node.location}\n✖ ${node.name}\n${describeError(error, 1)}\n`);
    }
    if (node !== root) line(depth, `${ok ? '✔' : '✖'} ${node.name} (${ms(start)})`);
    return ok;
  }

  const module = Object.assign(test, {
    test,
    it: test,
    describe,
    suite: describe,
    before: hook('before'),
    after: hook('after'),
    beforeEach: hook('beforeEach'),
    afterEach: hook('afterEach'),
    mock: createMock(),
  });

  return {
    module,
    /** Whether the program declared any test (then the runtime runs them when its main module is done). */
    hasTests: () => root.children.length > 0,
    /** Runs the declared tests once, in order; a second call gives the same result. */
    run(): Promise<Totals> {
      started ??= runSuite(root, 0).then(() => totals);
      return started;
    },
  };
}

/** Node's closing lines: the ℹ counts, then every failing test again. */
export function summary(totals: Totals, durationMs: number): string {
  const rows = [
    `ℹ tests ${totals.tests}`,
    `ℹ suites ${totals.suites}`,
    `ℹ pass ${totals.pass}`,
    `ℹ fail ${totals.fail}`,
    `ℹ cancelled ${totals.cancelled}`,
    `ℹ skipped ${totals.skipped}`,
    `ℹ todo ${totals.todo}`,
    `ℹ duration_ms ${durationMs.toFixed(3)}`,
  ];
  const failures = totals.failures.length ? `\n✖ failing tests:\n\n${totals.failures.join('\n')}` : '';
  return `${rows.join('\n')}\n${failures}`;
}

export function addTotals(into: Totals, from: Totals): void {
  for (const key of ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'] as const)
    into[key] += from[key];
  into.failures.push(...from.failures);
}
