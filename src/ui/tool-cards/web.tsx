import type { ToolCallView } from '../../app/chat/chat-fold';
import { CardFrame, FoldList, Output, ResultNote, detailsOf, inputOf, plural } from './card-frame';

// WebFetch and WebSearch. Pages, titles, URLs and snippets come from the web and the model: they
// render as text (no links the page made, no HTML).

interface FetchInput {
  url: string;
  prompt: string;
}

const kb = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`);

export function WebFetchCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'web-fetch');
  const input = inputOf<FetchInput>(call);
  const facts = details
    ? [
        details.status !== undefined && `HTTP ${details.status}`,
        details.bytes !== undefined && kb(details.bytes),
        details.cut && 'cut at the size cap',
        details.viaProxy && 'through the CORS proxy',
        details.fromCache && 'from cache',
        details.model && `read by ${details.model}`,
        `${(details.durationMs / 1000).toFixed(1)} s`,
      ].filter(Boolean)
    : [];
  return (
    <CardFrame call={call} subject={<code>{details?.url ?? input.url ?? ''}</code>}>
      {details?.title && <p className="tool-status">{details.title}</p>}
      {details?.redirectedTo && (
        <p className="tool-status">
          Redirected to another host, not followed: <code>{details.redirectedTo}</code>
        </p>
      )}
      {facts.length > 0 && <p className="tool-status muted">{facts.join(' · ')}</p>}
      {input.prompt && <Output text={input.prompt} label="Prompt" open={false} />}
      {call.state === 'done' && <Output text={call.result ?? ''} label="Answer" />}
      <ResultNote call={call} />
    </CardFrame>
  );
}

interface SearchInput {
  query: string;
  allowed_domains?: string[];
  blocked_domains?: string[];
}

export function WebSearchCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'web-search');
  const input = inputOf<SearchInput>(call);
  return (
    <CardFrame call={call} subject={<code>{details?.query ?? input.query ?? ''}</code>}>
      {details ? (
        <>
          <p className="tool-status muted">
            {plural(details.hits.length, 'result')} · {details.via} · {details.durationSeconds.toFixed(1)} s
          </p>
          <FoldList label={`Results (${details.hits.length})`} count={details.hits.length}>
            {details.hits.map((hit, i) => (
              <li key={i}>
                <strong>{hit.title}</strong> <code className="muted">{hit.url}</code>
                {hit.snippet && <div className="muted">{hit.snippet}</div>}
              </li>
            ))}
          </FoldList>
        </>
      ) : (
        call.state === 'done' && <Output text={call.result ?? ''} label="Results" />
      )}
      <ResultNote call={call} />
    </CardFrame>
  );
}
