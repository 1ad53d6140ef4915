// The last lines of a program's output, as the task lists and TaskOutput show them. Apart from
// tasks.ts so the page's task list can use it without loading the task registry.

/** The last `lines` lines of `output`, trailing blank lines dropped. */
export function lastLines(output: string, lines: number): string {
  const all = output.replace(/\n+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}
