import { z } from 'zod';
import type { ExecResult } from '../workspace/types';
import { DEFAULT_BACKGROUND_TIMEOUT_MS, MAX_BACKGROUND_TIMEOUT_MS } from './background/tasks';
import { defineTool } from './define-tool';
import { displayPath } from './file-guards';
import { looseBoolean, looseNumber } from './lenient';
import { truncateMiddle } from './text-lines';
import type { ToolContext, ToolResult } from './types';

export const DEFAULT_BASH_TIMEOUT_MS = 120_000;
export const MAX_BASH_TIMEOUT_MS = 600_000;
export const MAX_BASH_OUTPUT_CHARS = 30_000;

/** What the Bash card shows: the command's outcome with its streams apart. */
export interface BashDetails {
  kind: 'bash';
  command: string;
  /** The directory it ran in, as a display path. */
  cwd: string;
  /** Each stream with trailing newlines dropped, cut in the middle as the model's output is. */
  stdout: string;
  stderr: string;
  /** null when the shell failed before the command could finish. */
  exitCode: number | null;
  timedOut: boolean;
  /** Stopped by the user. */
  interrupted: boolean;
  timeoutMs: number;
}

function streamText(text: string): string {
  return truncateMiddle(text.replace(/\n+$/, ''), MAX_BASH_OUTPUT_CHARS);
}

/** The model's view of a finished command: stdout, labelled stderr, and a line for a non-zero exit, timeout or abort. */
export function formatExecResult(
  result: Pick<ExecResult, 'stdout' | 'stderr' | 'exitCode' | 'timedOut' | 'aborted'>,
  timeoutMs: number,
): string {
  const parts: string[] = [];
  const stdout = result.stdout.replace(/\n+$/, '');
  const stderr = result.stderr.replace(/\n+$/, '');
  if (stdout) parts.push(stdout);
  if (stderr) parts.push(`[stderr]\n${stderr}`);
  let body = parts.join('\n');
  body = truncateMiddle(body, MAX_BASH_OUTPUT_CHARS);
  const status: string[] = [];
  if (result.timedOut)
    status.push(
      `[Timed out after ${timeoutMs} ms; the output so far is above. Pass a larger timeout (max ${MAX_BASH_TIMEOUT_MS}) if it needs longer.]`,
    );
  else if (result.aborted) status.push('[Aborted by the user; the output so far is above.]');
  else if (result.exitCode !== 0) status.push(`[Exit code ${result.exitCode}]`);
  if (!body && !status.length) return '(no output)';
  return [body, ...status].filter(Boolean).join('\n');
}

export const bashTool = defineTool({
  name: 'Bash',
  kind: 'exec',
  description:
    'Runs a bash command in the workspace shell; cwd and exported variables persist between calls. ' +
    'timeout in ms (default 120000, max 600000). Output over 30000 chars keeps its head and tail. ' +
    'run_in_background: true returns a task id at once (dev servers, watchers, long builds); you are told when it ends, ' +
    'TaskOutput reads its output and TaskStop stops it. ' +
    'Use Read/Edit/Write/Glob/Grep rather than cat, sed, find or grep. Quote paths with spaces.',
  input: z.object({
    command: z.string().describe('The command to run'),
    timeout: looseNumber().describe('Timeout in ms (max 600000)'),
    description: z.string().optional().describe('What the command does, in 5-10 words'),
    run_in_background: looseBoolean().describe('Run in the background and return a task id at once'),
  }),
  permission: (input) => ({ ruleName: 'Bash', value: input.command }),
  summary: (input) => {
    const first = input.command.split('\n')[0];
    return `Bash: ${first.length > 80 ? `${first.slice(0, 79)}…` : first}${input.command.includes('\n') ? ' …' : ''}`;
  },
  async run(input, ctx) {
    if (input.run_in_background && ctx.background) return startInBackground(input, ctx);
    const timeoutMs = Math.min(MAX_BASH_TIMEOUT_MS, Math.max(1, Math.floor(input.timeout ?? DEFAULT_BASH_TIMEOUT_MS)));
    // Without a task registry there is nowhere to run it apart: run in the foreground and say so.
    const note = input.run_in_background
      ? 'Note: background commands are not available in this session; the command ran in the foreground to completion.\n'
      : '';
    let streamedOut = '';
    let streamedErr = '';
    let result: ExecResult;
    const cwd = displayPath(ctx.workspace, ctx.workspace.shellState().cwd);
    const details = (
      r: Pick<ExecResult, 'stdout' | 'stderr' | 'timedOut' | 'aborted'>,
      exitCode: number | null,
    ): BashDetails => ({
      kind: 'bash',
      command: input.command,
      cwd,
      stdout: streamText(r.stdout),
      stderr: streamText(r.stderr),
      exitCode,
      timedOut: r.timedOut,
      interrupted: r.aborted,
      timeoutMs,
    });
    try {
      result = await ctx.workspace.exec(input.command, {
        timeoutMs,
        signal: ctx.signal,
        readOnly: ctx.readOnly,
        onOutput: (chunk, stream) => {
          if (stream === 'stderr') streamedErr += chunk;
          else streamedOut += chunk;
          ctx.onProgress?.(chunk);
        },
      });
    } catch (e) {
      const aborted = ctx.signal.aborted;
      const partial = formatExecResult(
        { stdout: streamedOut, stderr: streamedErr, exitCode: 0, timedOut: false, aborted },
        timeoutMs,
      );
      const shown = aborted
        ? partial
        : [partial === '(no output)' ? '' : partial, `[The shell failed: ${(e as Error).message}]`]
            .filter(Boolean)
            .join('\n');
      return {
        content: note + shown,
        isError: true,
        details: details({ stdout: streamedOut, stderr: streamedErr, timedOut: false, aborted }, null),
      };
    }
    const content = note + formatExecResult(result, timeoutMs);
    if (result.blockedWrites?.length)
      return { content, details: details(result, result.exitCode), isError: true, writeBlocked: result.blockedWrites };
    const isError = result.exitCode !== 0 || result.timedOut || result.aborted;
    return { content, details: details(result, result.exitCode), ...(isError ? { isError } : {}) };
  },
});

/** Card data for a command started with run_in_background. */
export interface BashBackgroundDetails {
  kind: 'bash-background';
  backgroundTaskId: string;
  command: string;
  description?: string;
}

function startInBackground(
  input: { command: string; timeout?: number; description?: string },
  ctx: ToolContext,
): ToolResult {
  const timeoutMs = Math.min(
    MAX_BACKGROUND_TIMEOUT_MS,
    Math.max(1, Math.floor(input.timeout ?? DEFAULT_BACKGROUND_TIMEOUT_MS)),
  );
  const task = ctx.background!.start(ctx.workspace, input.command, { description: input.description, timeoutMs });
  const details: BashBackgroundDetails = {
    kind: 'bash-background',
    backgroundTaskId: task.id,
    command: input.command,
    ...(input.description ? { description: input.description } : {}),
  };
  const lite = ctx.workspace.backend === 'lite' ? ' (In this shell its output arrives when the command finishes.)' : '';
  return {
    content:
      `Command running in the background with ID: ${task.id}. You will be told when it ends. ` +
      `Read its output with TaskOutput (task_id "${task.id}") and stop it with TaskStop.${lite}`,
    details,
  };
}
