import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_LINES, SCRATCH_FILES } from '../../../test/fixtures/hostile-lines';
import { createLiteWorkspaceWithGit } from '../../git/git-command';
import { bashTool } from '../../tools/bash';
import type { TreeSnapshot } from '../../workspace/file-tree';
import type { LiteWorkspace } from '../../workspace/lite-workspace';
import { loadShellParser } from '../../workspace/shell-syntax';
import type { PermissionMode } from '../events';
import { decidePermission } from '.';

// Every hostile line, twice: through the gate (it must ask in default mode, and be denied in plan
// mode) and through the real lite shell in a scratch repo (it must really change files when run,
// and change nothing when run as the gate would run a read-only line).

const NO_RULES = { allow: [], ask: [], deny: [] };
const gate = (command: string, mode: PermissionMode) =>
  decidePermission({ tool: bashTool, input: { command }, mode, rules: NO_RULES, root: '/workspace' });

let ws: LiteWorkspace;
let base: TreeSnapshot;
beforeAll(async () => {
  await loadShellParser();
  ws = createLiteWorkspaceWithGit({
    files: SCRATCH_FILES,
    globalConfig: new Map([
      ['user.name', 'Test Person'],
      ['user.email', 'test@example.com'],
    ]),
  });
  const init = await ws.exec('git init -q && git add -A && git commit -qm base');
  expect(init.exitCode).toBe(0);
  base = ws.tree.snapshot();
});
afterAll(async () => {
  await ws.dispose();
});

/** Every path of the tree with its kind, size, mtime and bytes: a touch or an empty mkdir shows too. */
function signature(): string {
  return ws.tree
    .allPaths()
    .sort()
    .map((p) => {
      const node = ws.tree.get(p)!;
      return `${p} ${node.kind} ${node.mtimeMs} ${node.kind === 'file' ? node.bytes.join(',') : ''}`;
    })
    .join('\n');
}

/** Runs `line` on a fresh copy of the scratch repo; returns whether any file changed. */
async function changesFiles(line: string, files: Record<string, string> = {}, readOnly = false): Promise<boolean> {
  ws.tree.restore(base);
  for (const [path, text] of Object.entries(files)) ws.tree.writeFile(`/workspace/${path}`, text);
  // Restored and written files carry the current time: a `touch` in the same millisecond would
  // change nothing. Everything is dated a minute back first.
  const past = Date.now() - 60_000;
  for (const path of ws.tree.allPaths()) ws.tree.setMtime(path, past);
  const before = signature();
  await ws.exec(line, { cwd: '/workspace', timeoutMs: 10_000, readOnly });
  return signature() !== before;
}

const all = Object.values(HOSTILE_LINES).flat();

it(`the corpus holds at least 150 hostile lines (${all.length})`, () => {
  expect(all.length).toBeGreaterThanOrEqual(150);
  expect(new Set(all.map((l) => l.line)).size).toBe(all.length);
});

for (const [group, entries] of Object.entries(HOSTILE_LINES)) {
  describe(group, () => {
    for (const entry of entries) {
      it(JSON.stringify(entry.line), async () => {
        expect(gate(entry.line, 'default').behavior, 'default mode').toBe('ask');
        expect(gate(entry.line, 'plan').behavior, 'plan mode').toBe('deny');
        expect(gate(entry.line, 'dontAsk').behavior, 'dontAsk mode').toBe('deny');
        if (entry.acceptEdits) expect(gate(entry.line, 'acceptEdits').behavior, 'acceptEdits mode').toBe('ask');
        expect(await changesFiles(entry.line, entry.files), 'the line really changes files').toBe(true);
        expect(await changesFiles(entry.line, entry.files, true), 'a read-only run changes nothing').toBe(false);
      });
    }
  });
}

describe('plain read-only lines stay auto-allowed, in plan mode too', () => {
  const safe = [
    'ls',
    'ls -la src',
    'cat a | wc -l',
    'grep -n x f',
    'grep -rn export src',
    'git status',
    'git log --oneline',
    'git diff HEAD --stat',
    'git show --stat HEAD',
    'head -n 5 README.md',
    'tail -3 a',
    'wc -l src/a.ts',
    'cd src && ls',
    'find . -name "*.ts" -type f',
    'sort a | uniq -c',
    "sed -n '1,2p' a",
    "awk '{ print $1 }' a",
    'echo hello',
    'pwd',
    'cat README.md 2>/dev/null || echo missing',
    'ls *.md',
    'git branch -a',
    'jq . .claude/settings.json',
    'diff a f',
    'du -sh src',
  ];
  for (const line of safe) {
    it(JSON.stringify(line), async () => {
      expect(gate(line, 'default')).toMatchObject({ behavior: 'allow', readOnly: true });
      expect(gate(line, 'plan').behavior).toBe('allow');
      expect(await changesFiles(line, {}, true)).toBe(false);
    });
  }
});
