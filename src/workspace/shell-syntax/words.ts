import type { ArithmeticExpressionNode, ParameterExpansionPart, ScriptNode, WordNode, WordPart } from './ast';

// What one shell word of the parse will become: its value when that is fixed by the text alone,
// whether expansion can change or multiply it (globs, braces, variables, substitutions), and the
// scripts it runs while being expanded. Also how it reads, for rules and prompts.

export interface ShellWord {
  /** The one string the word expands to, or null when expansion decides it. */
  value: string | null;
  /** The word as it reads in the line (quoting normalised), for rule matching and display. */
  text: string;
  /** Holds an unquoted glob (`*`, `?`, `[…]`, extglob), so it expands to file names. */
  glob: boolean;
  /** Holds a brace expansion (`{a,b}`, `{1..3}`), so it may become several words. */
  brace: boolean;
  /** Holds a variable, substitution, arithmetic or `~` expansion. */
  expands: boolean;
  /** Holds an expansion that word splitting can cut into several words (unquoted `$x`, `$(…)`, `"$@"`). */
  splits: boolean;
  /** The fixed text before the first expansion or glob: every expansion starts with it. */
  leading: string;
  /** Command and process substitutions the expansion runs, in order. */
  scripts: ScriptNode[];
  /** Expansions that can run code the parse does not show (arithmetic on variables, `${!x}`…). */
  problems: string[];
}

const SAFE_BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a fixed string so it reads back as one word (bare when it needs no quoting). */
export function quoteWord(value: string): string {
  if (value === '') return "''";
  return SAFE_BARE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Can the word expand to something starting with one of `chars` (an option's `-`, say)? Only
 * its fixed leading text can rule that out: a glob or a quoted expansion starts with it, while
 * word splitting can start a new word anywhere.
 */
export function mayStartWith(word: ShellWord, chars: string): boolean {
  if (word.value !== null) return word.value !== '' && chars.includes(word.value[0]);
  if (word.splits || word.leading === '') return true;
  return chars.includes(word.leading[0]);
}

/** Analyses one word of the parse. */
export function readWord(word: WordNode): ShellWord {
  const out: ShellWord = {
    value: '',
    text: '',
    glob: false,
    brace: false,
    expands: false,
    splits: false,
    leading: '',
    scripts: [],
    problems: [],
  };
  for (const part of word.parts) {
    switch (part.type) {
      case 'Literal':
      case 'Escaped':
      case 'SingleQuoted':
        addFixed(out, part.value);
        break;
      case 'DoubleQuoted':
        for (const inner of part.parts) {
          if (inner.type === 'Literal' || inner.type === 'Escaped' || inner.type === 'SingleQuoted')
            addFixed(out, inner.value);
          else {
            expansion(inner, out);
            if (inner.type === 'ParameterExpansion' && /^[@*]$|\[[@*]\]$/.test(inner.parameter)) out.splits = true;
            out.value = null;
          }
        }
        break;
      case 'Glob':
        // An unclosed bracket (`[` of `[ -f x ]`) matches nothing but itself: bash keeps it as text.
        if (!/[*?]|\[.*\]|^[@*+?!]\(/.test(part.pattern)) {
          addFixed(out, part.pattern);
          break;
        }
        out.glob = true;
        out.value = null;
        break;
      case 'BraceExpansion':
        out.brace = true;
        for (const item of part.items) if (item.type === 'Word') mergeInner(out, readWord(item.word));
        out.value = null;
        break;
      default:
        expansion(part, out);
        if (part.type !== 'TildeExpansion') out.splits = true;
        out.value = null;
    }
  }
  out.text = out.value !== null ? quoteWord(out.value) : renderParts(word.parts);
  return out;
}

/** Fixed text extends the value and, while nothing has expanded yet, the leading text (no closures: this runs per word). */
function addFixed(out: ShellWord, text: string): void {
  if (out.value === null) return;
  out.value += text;
  out.leading += text;
}

function mergeInner(out: ShellWord, inner: ShellWord): void {
  out.scripts.push(...inner.scripts);
  out.problems.push(...inner.problems);
  out.glob ||= inner.glob;
  out.expands ||= inner.expands;
  out.splits ||= inner.splits;
}

/** Records what an expanding part runs or hides. */
function expansion(part: WordPart, out: ShellWord): void {
  out.expands = true;
  switch (part.type) {
    case 'CommandSubstitution':
    case 'ProcessSubstitution':
      out.scripts.push(part.body);
      break;
    case 'ArithmeticExpansion':
      out.problems.push(...arithmeticProblems(part.expression));
      break;
    case 'ParameterExpansion':
      parameterExpansion(part, out);
      break;
    case 'TildeExpansion':
      break;
    default:
      break;
  }
}

function parameterExpansion(part: ParameterExpansionPart, out: ShellWord): void {
  const subscript = /\[(.*)\]$/.exec(part.parameter)?.[1];
  if (subscript !== undefined && !/^(\d+|@|\*)$/.test(subscript)) {
    out.problems.push(`the array subscript in \${${part.parameter}} is evaluated as arithmetic`);
  }
  const op = part.operation;
  if (!op) return;
  const words: (WordNode | null | undefined)[] = [];
  const visit = (o: NonNullable<ParameterExpansionPart['operation']>): void => {
    switch (o.type) {
      case 'DefaultValue':
      case 'AssignDefault':
      case 'UseAlternative':
        words.push(o.word);
        break;
      case 'ErrorIfUnset':
        words.push(o.word);
        break;
      case 'PatternRemoval':
        words.push(o.pattern);
        break;
      case 'PatternReplacement':
        words.push(o.pattern, o.replacement);
        break;
      case 'CaseModification':
        words.push(o.pattern);
        break;
      case 'Substring':
        out.problems.push(...arithmeticProblems(o.offset));
        if (o.length) out.problems.push(...arithmeticProblems(o.length));
        break;
      case 'Transform':
        if (o.operator === 'P') out.problems.push(`\${${part.parameter}@P} expands the value as a prompt`);
        break;
      case 'Indirection':
        out.problems.push(`\${!${part.parameter}} expands a variable named by another`);
        if (o.innerOp) visit(o.innerOp);
        break;
      default:
        break;
    }
  };
  visit(op);
  for (const w of words) if (w) mergeInner(out, readWord(w));
}

/**
 * Bash evaluates a variable's value inside arithmetic as an expression of its own, and an array
 * subscript there can hold `$(…)`: arithmetic on anything but numbers is code the parse cannot see.
 */
export function arithmeticProblems(expression: ArithmeticExpressionNode): string[] {
  const problems = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const type = (node as { type?: unknown }).type;
    if (type === 'ArithCommandSubst') problems.add('a command substitution inside arithmetic');
    else if (typeof type === 'string' && /^Arith(Variable|SpecialVar|ArrayElement|Dynamic|BracedExpansion)/.test(type))
      problems.add('arithmetic on a variable (bash evaluates its value as an expression)');
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
  };
  visit(expression.expression);
  return [...problems];
}

/** How an expanding word reads: close to the source, for rules and prompts. */
export function renderParts(parts: WordPart[], quoted = false): string {
  let text = '';
  for (const part of parts) {
    switch (part.type) {
      case 'Literal':
        text += quoted
          ? part.value.replace(/(["\\$`])/g, '\\$1')
          : part.value.replace(/([\s'"\\$`;&|<>(){}*?[\]#~])/g, '\\$1');
        break;
      case 'Escaped':
        text += `\\${part.value}`;
        break;
      case 'SingleQuoted':
        text += `'${part.value.replace(/'/g, `'\\''`)}'`;
        break;
      case 'DoubleQuoted':
        text += `"${renderParts(part.parts, true)}"`;
        break;
      case 'ParameterExpansion': {
        const plain = !part.operation && /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])$/.test(part.parameter);
        text += plain ? `$${part.parameter}` : `\${${part.parameter}${part.operation ? '…' : ''}}`;
        break;
      }
      case 'CommandSubstitution':
        text += `$(${renderScript(part.body)})`;
        break;
      case 'ProcessSubstitution':
        text += `${part.direction === 'input' ? '<' : '>'}(${renderScript(part.body)})`;
        break;
      case 'ArithmeticExpansion':
        text += `$((${part.expression.originalText ?? '…'}))`;
        break;
      case 'TildeExpansion':
        text += `~${part.user ?? ''}`;
        break;
      case 'Glob':
        text += part.pattern;
        break;
      case 'BraceExpansion':
        text += `{${part.items
          .map((item) =>
            item.type === 'Word'
              ? renderParts(item.word.parts)
              : `${item.startStr ?? item.start}..${item.endStr ?? item.end}${item.step ? `..${item.step}` : ''}`,
          )
          .join(',')}}`;
        break;
    }
  }
  return text;
}

/** A script as it was written, statement by statement (the parser keeps each one's source). */
export function renderScript(script: ScriptNode): string {
  return script.statements.map((s) => (s.sourceText ?? '…').trim()).join('; ');
}
