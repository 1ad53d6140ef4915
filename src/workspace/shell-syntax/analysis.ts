import type {
  CommandNode,
  ConditionalExpressionNode,
  PipelineNode,
  RedirectionNode,
  RedirectionOperator,
  ScriptNode,
  SimpleCommandNode,
  StatementNode,
  WordNode,
} from './ast';
import { normalizePath } from '../paths';
import { arithmeticProblems, readWord, type ShellWord } from './words';

// A command line's parse flattened into what a permission decision needs: every simple command
// wherever it sits (lists, pipelines, compound commands, substitutions, function bodies), every
// redirection (of simple and compound commands alike), the directories each may run in after the
// `cd`s before it, and whatever the parse alone cannot pin down.

/** Directories a command may run in (absolute); null when they cannot be known from the line. */
export type Cwds = readonly string[] | null;

export type RedirectKind = 'write' | 'read' | 'dup' | 'input';

export interface ShellRedirect {
  operator: RedirectionOperator;
  fd: number | null;
  kind: RedirectKind;
  /** The file named (write and read); null for here-documents. */
  target: ShellWord | null;
  /** Here-document or here-string text when fixed; null when it expands. */
  input?: string | null;
  cwds: Cwds;
  /** How it reads, e.g. `2>&1`, `>> log.txt`. */
  text: string;
  /** Set for a redirection of a compound command: what it applies to, e.g. `{ … }`. */
  compound?: string;
}

export interface ShellAssignment {
  name: string;
  /** null for an array assignment `a=(…)`. */
  value: ShellWord | null;
  text: string;
}

export interface ShellCommand {
  assignments: ShellAssignment[];
  /** The command name and its arguments; empty for a line of assignments or redirections only. */
  words: ShellWord[];
  redirects: ShellRedirect[];
  /** Assignments, name and arguments as one line (no redirections): what rules match. */
  text: string;
  /** `text` followed by the redirections, for display. */
  display: string;
  cwds: Cwds;
  /** Runs inside a function defined in the line (only if it is called). */
  inFunction: boolean;
  /** Runs inside a command or process substitution. */
  inSubstitution: boolean;
  background: boolean;
}

export interface ShellAnalysis {
  /** Every simple command, in the order they would first run. */
  commands: ShellCommand[];
  /** Every redirection of every command, compound ones included. */
  redirects: ShellRedirect[];
  /** Names of functions the line defines. */
  functions: string[];
  /** Constructs whose effect the parse cannot show; a line with any is never auto-approved. */
  problems: string[];
}

export interface AnalyseOptions {
  /** The shell's directory before the line runs. */
  cwd: string;
  /** The shell has CDPATH set, so `cd name` may go elsewhere. */
  cdpath?: boolean;
}

interface Context {
  inFunction: boolean;
  inSubstitution: boolean;
  background: boolean;
}

const MAX_CWDS = 16;
const LOOPS = new Set(['For', 'CStyleFor', 'While', 'Until']);
/** After these the directory is unknown: they run code the line does not show, or manage a stack. */
const CWD_UNKNOWN_AFTER = new Set(['pushd', 'popd', 'eval', 'source', '.']);
const ARITHMETIC_TESTS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

/** Flattens a parsed line. Pure; never throws. */
export function analyseScript(script: ScriptNode, options: AnalyseOptions): ShellAnalysis {
  const walker = new Walker(options);
  walker.script(script, [normalizePath(options.cwd)], { inFunction: false, inSubstitution: false, background: false });
  const { commands, redirects, functions, problems } = walker;
  return { commands, redirects, functions: [...new Set(functions)], problems: [...new Set(problems)] };
}

function union(a: Cwds, b: Cwds): Cwds {
  if (a === null || b === null) return null;
  if (a === b) return a;
  const all = new Set([...a, ...b]);
  return all.size > MAX_CWDS ? null : [...all];
}

class Walker {
  readonly commands: ShellCommand[] = [];
  readonly redirects: ShellRedirect[] = [];
  readonly functions: string[] = [];
  readonly problems: string[] = [];

  constructor(private readonly options: AnalyseOptions) {}

  script(script: ScriptNode, cwds: Cwds, ctx: Context): Cwds {
    return this.list(script.statements, cwds, ctx);
  }

  list(statements: StatementNode[], cwds: Cwds, ctx: Context): Cwds {
    let current = cwds;
    for (const statement of statements) current = this.statement(statement, current, ctx);
    return current;
  }

  /** `a && b || c`: b runs where a succeeded, c where the chain so far failed. */
  private statement(st: StatementNode, cwds: Cwds, outer: Context): Cwds {
    if (st.deferredError) this.problems.push(`a syntax error (${st.deferredError.message})`);
    const ctx = st.background ? { ...outer, background: true } : outer;
    let [ok, fail] = this.pipeline(st.pipelines[0], cwds, ctx);
    for (let i = 1; i < st.pipelines.length; i++) {
      const op = st.operators[i - 1];
      if (op === '&&') {
        const [o, f] = this.pipeline(st.pipelines[i], ok, ctx);
        ok = o;
        fail = union(fail, f);
      } else if (op === '||') {
        const [o, f] = this.pipeline(st.pipelines[i], fail, ctx);
        ok = union(ok, o);
        fail = f;
      } else {
        [ok, fail] = this.pipeline(st.pipelines[i], union(ok, fail), ctx);
      }
    }
    const after = union(ok, fail);
    return st.background ? union(cwds, after) : after;
  }

  /** Each side of a pipe may run in a subshell (bash) or not (other shells): both outcomes are kept. */
  private pipeline(p: PipelineNode, cwds: Cwds, ctx: Context): [Cwds, Cwds] {
    if (p.commands.length === 1) {
      const [ok, fail] = this.command(p.commands[0], cwds, ctx);
      return p.negated ? [fail, ok] : [ok, fail];
    }
    let all = cwds;
    for (const command of p.commands) {
      const [ok, fail] = this.command(command, cwds, ctx);
      all = union(all, union(ok, fail));
    }
    return [all, all];
  }

  /** Returns where the shell may stand after the command succeeded, and after it failed. */
  private command(node: CommandNode, cwds: Cwds, ctx: Context): [Cwds, Cwds] {
    if (node.type === 'SimpleCommand') return this.simple(node, cwds, ctx);
    if (node.type === 'FunctionDef') {
      this.functions.push(node.name);
      const inFunction = { ...ctx, inFunction: true };
      this.redirections(node.redirections, null, inFunction, 'a function body');
      this.command(node.body, null, inFunction);
      return [cwds, cwds];
    }
    // Compound commands: over-approximate. Every part may see any directory reached so far, and a
    // loop whose body changes directory may be anywhere.
    const label = COMPOUND_LABELS[node.type] ?? node.type;
    this.redirections(node.redirections, cwds, ctx, label);
    let all: Cwds = LOOPS.has(node.type) && changesDirectory(node, this.functions) ? null : cwds;
    const lists: StatementNode[][] = [];
    const words: WordNode[] = [];
    switch (node.type) {
      case 'If':
        for (const clause of node.clauses) lists.push(clause.condition, clause.body);
        if (node.elseBody) lists.push(node.elseBody);
        break;
      case 'For':
        if (node.words) words.push(...node.words);
        lists.push(node.body);
        break;
      case 'CStyleFor':
        for (const e of [node.init, node.condition, node.update]) if (e) this.problems.push(...arithmeticProblems(e));
        lists.push(node.body);
        break;
      case 'While':
      case 'Until':
        lists.push(node.condition, node.body);
        break;
      case 'Case':
        words.push(node.word);
        for (const item of node.items) {
          words.push(...item.patterns);
          lists.push(item.body);
        }
        break;
      case 'Subshell':
        // Its `cd`s stay inside it in bash; kept anyway, which only ever adds directories.
        lists.push(node.body);
        break;
      case 'Group':
        return this.groupResult(node.body, cwds, ctx);
      case 'ArithmeticCommand':
        this.problems.push(...arithmeticProblems(node.expression));
        break;
      case 'ConditionalCommand':
        this.conditional(node.expression, all, ctx);
        break;
    }
    for (const w of words) this.word(readWord(w), all, ctx);
    for (const list of lists) all = union(all, this.list(list, all, ctx));
    return [all, all];
  }

  private groupResult(body: StatementNode[], cwds: Cwds, ctx: Context): [Cwds, Cwds] {
    const after = this.list(body, cwds, ctx);
    return [after, after];
  }

  private conditional(expr: ConditionalExpressionNode, cwds: Cwds, ctx: Context): void {
    switch (expr.type) {
      case 'CondBinary': {
        const left = readWord(expr.left);
        const right = readWord(expr.right);
        this.word(left, cwds, ctx);
        this.word(right, cwds, ctx);
        if (
          ARITHMETIC_TESTS.has(expr.operator) &&
          [left, right].some((w) => w.value === null || !/^-?\d+$/.test(w.value))
        )
          this.problems.push(`\`[[ … ${expr.operator} … ]]\` evaluates its operands as arithmetic`);
        break;
      }
      case 'CondUnary':
        this.word(readWord(expr.operand), cwds, ctx);
        break;
      case 'CondWord':
        this.word(readWord(expr.word), cwds, ctx);
        break;
      case 'CondNot':
      case 'CondGroup':
        this.conditional(expr.type === 'CondNot' ? expr.operand : expr.expression, cwds, ctx);
        break;
      case 'CondAnd':
      case 'CondOr':
        this.conditional(expr.left, cwds, ctx);
        this.conditional(expr.right, cwds, ctx);
        break;
    }
  }

  /** Records what a word runs while it is expanded (its substitutions run in subshells). */
  private word(word: ShellWord, cwds: Cwds, ctx: Context): ShellWord {
    this.problems.push(...word.problems);
    const inner = { ...ctx, inSubstitution: true };
    for (const script of word.scripts) this.script(script, cwds, inner);
    return word;
  }

  private simple(node: SimpleCommandNode, cwds: Cwds, ctx: Context): [Cwds, Cwds] {
    const assignments: ShellAssignment[] = node.assignments.map((a) => {
      if (a.array) {
        for (const w of a.array) this.word(readWord(w), cwds, ctx);
        return { name: a.name, value: null, text: `${a.name}${a.append ? '+' : ''}=(…)` };
      }
      const value = a.value ? this.word(readWord(a.value), cwds, ctx) : null;
      return { name: a.name, value, text: `${a.name}${a.append ? '+' : ''}=${value ? value.text : ''}` };
    });
    const words = [node.name, ...node.args]
      .filter((w): w is WordNode => !!w)
      .map((w) => this.word(readWord(w), cwds, ctx));
    const redirects = this.redirections(node.redirections, cwds, ctx);
    const text = [...assignments.map((a) => a.text), ...words.map((w) => w.text)].join(' ');
    this.commands.push({
      assignments,
      words,
      redirects,
      text,
      display: [text, ...redirects.map((r) => r.text)].filter(Boolean).join(' '),
      cwds,
      inFunction: ctx.inFunction,
      inSubstitution: ctx.inSubstitution,
      background: ctx.background,
    });
    const name = words[0];
    if (!name) return [cwds, cwds];
    if (name.value === null) {
      this.problems.push(`the command name ${name.text} is only known when the line runs`);
      return [null, null];
    }
    if (name.value === 'cd') return [this.cd(words.slice(1), cwds), cwds];
    if (CWD_UNKNOWN_AFTER.has(name.value) || this.functions.includes(name.value)) return [null, null];
    return [cwds, cwds];
  }

  /** Where `cd` leads: a fixed directory resolves, anything else (`cd`, `cd -`, `$x`, CDPATH) is unknown. */
  private cd(args: ShellWord[], cwds: Cwds): Cwds {
    let i = 0;
    while (i < args.length && args[i].value !== null && /^-[LPe@]+$/.test(args[i].value!)) i++;
    if (args[i]?.value === '--') i++;
    const target = args[i]?.value;
    if (cwds === null || target === null || target === undefined || target === '-' || target === '') return null;
    if (this.options.cdpath && !/^\.{0,2}\//.test(target)) return null;
    if (target.startsWith('/')) return [normalizePath(target)];
    return cwds.map((c) => normalizePath(`${c}/${target}`));
  }

  private redirections(list: RedirectionNode[], cwds: Cwds, ctx: Context, compound?: string): ShellRedirect[] {
    const out: ShellRedirect[] = [];
    for (const r of list) {
      const fd = r.fd === null ? '' : String(r.fd);
      let redirect: ShellRedirect;
      if (r.target.type === 'HereDoc') {
        const content = this.word(readWord(r.target.content), cwds, ctx);
        redirect = {
          operator: r.operator,
          fd: r.fd,
          kind: 'input',
          target: null,
          input: content.value,
          cwds,
          text: `${fd}${r.operator}${r.target.quoted ? `'${r.target.delimiter}'` : r.target.delimiter}`,
          compound,
        };
        if (r.target.terminated === false) this.problems.push(`the here-document ${r.target.delimiter} is not closed`);
      } else {
        const target = this.word(readWord(r.target), cwds, ctx);
        const kind = redirectKind(r.operator, target);
        redirect = {
          operator: r.operator,
          fd: r.fd,
          kind,
          target: kind === 'input' ? null : target,
          input: kind === 'input' ? target.value : undefined,
          cwds,
          text: `${r.fdVariable ? `{${r.fdVariable}}` : fd}${r.operator}${kind === 'dup' ? '' : ' '}${target.text}`,
          compound,
        };
      }
      out.push(redirect);
      this.redirects.push(redirect);
    }
    return out;
  }
}

const COMPOUND_LABELS: Record<string, string> = {
  If: 'if … fi',
  For: 'for … done',
  CStyleFor: 'for ((…)) … done',
  While: 'while … done',
  Until: 'until … done',
  Case: 'case … esac',
  Subshell: '( … )',
  Group: '{ …; }',
  ArithmeticCommand: '(( … ))',
  ConditionalCommand: '[[ … ]]',
};

function redirectKind(operator: RedirectionOperator, target: ShellWord): RedirectKind {
  switch (operator) {
    case '<':
      return 'read';
    case '<<<':
    case '<<':
    case '<<-':
      return 'input';
    case '>&':
    case '<&':
      // `2>&1`, `>&-`, `<&3`: descriptors. `>& file` (no number) sends both streams to a file.
      if (target.value !== null && /^(\d+-?|-)$/.test(target.value)) return 'dup';
      return operator === '>&' ? 'write' : 'read';
    default:
      return 'write';
  }
}

/** Does a compound command hold anything that may change the shell's directory (a call to a function of the line too)? */
function changesDirectory(node: unknown, functions: readonly string[]): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => changesDirectory(n, functions));
  const n = node as { type?: string; name?: WordNode | null };
  if (n.type === 'SimpleCommand') {
    const name = n.name ? readWord(n.name).value : '';
    if (name === null || name === 'cd' || CWD_UNKNOWN_AFTER.has(name) || functions.includes(name)) return true;
  }
  return Object.values(node).some((v) => v && typeof v === 'object' && changesDirectory(v, functions));
}
