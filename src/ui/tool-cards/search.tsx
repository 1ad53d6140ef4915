import type { ToolCallView } from '../../app/chat/chat-fold';
import { CardFrame, FoldList, Output, ResultNote, detailsOf, inputOf, plural, useInputPath } from './card-frame';

interface SearchInput {
  pattern: string;
  path?: string;
  glob?: string;
  type?: string;
  output_mode?: string;
}

/** `Found 12 files`, `Found 60 files, showing 10`, `Found 7 matches in 2 files`, `Found 90 matches, showing 10 files`. */
function foundLabel(mode: 'files' | 'count', shown: number, total: number, truncated: boolean): string {
  if (mode === 'count')
    return `Found ${plural(total, 'match', 'matches')}${truncated ? `, showing ${plural(shown, 'file')}` : ` in ${plural(shown, 'file')}`}`;
  return `Found ${plural(total, 'file')}${truncated && total > shown ? `, showing ${shown}` : ''}`;
}

/** Grep, Glob and LS: what was searched, where, and what was found (folded when long). */
export function SearchCard({ call }: { call: ToolCallView }) {
  const input = inputOf<SearchInput>(call);
  const inputPath = useInputPath(input.path);
  const grep = detailsOf(call, 'grep');
  const glob = detailsOf(call, 'glob');
  const ls = detailsOf(call, 'ls');
  const where = grep?.path ?? glob?.path ?? ls?.path ?? (input.path ? inputPath : '.');
  const filters = [input.glob && `glob ${input.glob}`, input.type && `type ${input.type}`, input.output_mode]
    .filter(Boolean)
    .join(' · ');
  const subject =
    ls || call.name.toLowerCase() === 'ls' ? (
      <code>{where}</code>
    ) : (
      <>
        <code>{grep?.pattern ?? glob?.pattern ?? input.pattern ?? ''}</code> in <code>{where}</code>
        {filters && <span className="muted"> · {filters}</span>}
      </>
    );

  let body = call.state === 'done' && <Output text={call.result ?? ''} label="Results" />;
  if (glob || (grep && grep.mode !== 'content')) {
    const files = glob ? glob.files.map((path) => ({ path, count: undefined })) : grep!.files;
    const mode = grep?.mode === 'count' ? 'count' : 'files';
    const label = foundLabel(mode, files.length, (glob ?? grep)!.total, (glob ?? grep)!.truncated);
    body = files.length ? (
      <FoldList label={label} count={files.length}>
        {files.map((f) => (
          <li key={f.path}>
            <code>{f.path}</code>
            {f.count !== undefined && <span className="muted"> · {plural(f.count, 'match', 'matches')}</span>}
          </li>
        ))}
      </FoldList>
    ) : (
      <p className="muted">Nothing found.</p>
    );
  } else if (ls) {
    body = ls.entries.length ? (
      <FoldList
        label={`${plural(ls.entries.length, 'entry', 'entries')}${ls.truncated ? ' (more not listed)' : ''}`}
        count={ls.entries.length}
      >
        {ls.entries.map((e) => (
          <li key={e.path} style={{ paddingLeft: `${e.path.split('/').length - 1}em` }}>
            <code>
              {e.path.slice(e.path.lastIndexOf('/') + 1)}
              {e.dir ? '/' : ''}
            </code>
          </li>
        ))}
      </FoldList>
    ) : (
      <p className="muted">Empty directory.</p>
    );
  }
  return (
    <CardFrame call={call} subject={subject}>
      {body}
      <ResultNote call={call} />
    </CardFrame>
  );
}
