// The permission gate's cost per decision: just-bash's parse of the line, then the analysis of
// every command, redirection and path in it. The line varies per run so nothing is cached.
import { decidePermission } from '../src/agent/permissions';
import { bashTool } from '../src/tools/bash';
import { loadShellParser } from '../src/workspace/shell-syntax';
import { median, type BenchRow } from './types';

const UNIT =
  'cd src && grep -rn "TODO" --include="*.ts" . | head -20 | sort -u; ' +
  "if [ -f package.json ]; then jq -r '.scripts' package.json; fi; " +
  'for f in a.ts b.ts; do wc -l "$f" 2>/dev/null; done; git log --oneline -n 5 | cat; ';

/** A read-only compound command of about 2 KB, different on each run. */
function line(run: number): string {
  let out = '';
  while (out.length + UNIT.length < 2000) out += UNIT;
  return `${out}echo run-${run} ${'x'.repeat(Math.max(0, 2040 - out.length))}`;
}

export async function run(): Promise<BenchRow[]> {
  await loadShellParser();
  const rules = {
    allow: ['Bash(npm test:*)'],
    ask: ['Bash(git push:*)'],
    deny: ['Bash(rm -rf /:*)', 'Edit(secrets/**)'],
  };
  const decide = (i: number) =>
    decidePermission({ tool: bashTool, input: { command: line(i) }, mode: 'default', rules, root: '/workspace' });
  const first = decide(0);
  for (let i = 1; i < 50; i++) decide(i);
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const start = performance.now();
    decide(1000 + i);
    times.push(performance.now() - start);
  }
  return [
    {
      name: `Permission decision, ${line(0).length} B compound command (${first.behavior})`,
      value: median(times),
      unit: 'ms',
      target: 1,
    },
  ];
}
