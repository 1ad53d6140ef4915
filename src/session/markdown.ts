import type { AgentEvent } from '../agent/events';

// The conversation as Markdown, for sharing: user and assistant text, each tool call with its
// input and (shortened) result, compactions and errors noted. Built from the event log.

const RESULT_MAX = 4_000;

/** A code fence longer than any run of backticks in `text`, so content can never close it. */
function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

function shorten(text: string): string {
  if (text.length <= RESULT_MAX) return text;
  return `${text.slice(0, RESULT_MAX * 0.7)}\n… (${(text.length - RESULT_MAX).toLocaleString('en-US')} characters omitted) …\n${text.slice(-RESULT_MAX * 0.3)}`;
}

export function sessionToMarkdown(
  meta: { title: string; createdAt: number; model?: string },
  events: readonly AgentEvent[],
): string {
  const out: string[] = [
    `# ${meta.title || 'Tidepool session'}`,
    '',
    `_Exported from Tidepool · started ${new Date(meta.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC${meta.model ? ` · ${meta.model}` : ''}_`,
  ];
  let text = '';
  let speaker: 'user' | 'assistant' | null = null;
  const flushText = () => {
    if (text.trim()) out.push('', text.trim());
    text = '';
  };
  const heading = (who: 'user' | 'assistant') => {
    if (speaker === who) return;
    flushText();
    speaker = who;
    out.push('', who === 'user' ? '## User' : '## Assistant');
  };
  const names = new Map<string, string>();
  for (const e of events) {
    switch (e.type) {
      case 'turn-started':
        heading('user');
        out.push('', e.text);
        break;
      case 'text-delta':
        heading('assistant');
        text += e.text;
        break;
      case 'tool-call':
        heading('assistant');
        flushText();
        names.set(e.callId, e.name);
        out.push('', `**${e.name}** — ${e.summary}`, '', fence(JSON.stringify(e.input ?? {}, null, 2), 'json'));
        break;
      case 'tool-result':
        flushText();
        out.push(
          '',
          `<details><summary>${e.isError ? 'Error from' : 'Result of'} ${names.get(e.callId) ?? e.name}</summary>`,
          '',
          fence(shorten(e.content)),
          '',
          '</details>',
        );
        break;
      case 'compacted':
        flushText();
        out.push('', `> _The earlier conversation was compacted (${e.replacedMessages} messages summarized)._`);
        break;
      case 'error':
        flushText();
        out.push('', `> **Error:** ${e.error.message}`);
        break;
      case 'files-changed':
        flushText();
        // Paths are the model's and the repo's: in code spans, so they render as text.
        out.push(
          '',
          `_Files changed:_ ${e.files.map((f) => `${f.change} \`${f.path.replace(/`/g, "'")}\``).join(', ')}`,
        );
        break;
      case 'transcript-cleared':
        flushText();
        out.push('', '---', '', '_The conversation was cleared here._');
        speaker = null;
        break;
      case 'assistant-message-ended':
      case 'turn-ended':
        flushText();
        break;
      default:
        break;
    }
  }
  flushText();
  return `${out.join('\n')}\n`;
}
