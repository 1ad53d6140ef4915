import { createLiteWorkspaceWithGit } from './src/git/git-command';
import { SCRATCH_FILES } from './test/fixtures/hostile-lines';
const ws = createLiteWorkspaceWithGit({
  files: SCRATCH_FILES,
  globalConfig: new Map([
    ['user.name', 'T'],
    ['user.email', 't@e.x'],
  ]),
});
await ws.exec('git init -q && git add -A && git commit -qm base');
const base = ws.tree.snapshot();
for (const line of process.argv.slice(2)) {
  ws.tree.restore(base);
  if (line.startsWith('find *') || line.startsWith('sort')) {
    ws.tree.writeFile('/workspace/-delete', '');
  }
  const r = await ws.exec(line, { cwd: '/workspace' });
  console.log('==', line, r.exitCode, JSON.stringify(r.stdout.slice(0, 200)), JSON.stringify(r.stderr.slice(0, 300)));
}
