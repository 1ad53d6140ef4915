import type { McpCardBlock } from '../../tools/mcp-details';
import { CardFrame, detailsOf, Output, ResultNote } from './card-frame';
import type { ToolCallView } from '../../app/chat/chat-fold';

// An MCP tool's result as its server sent it: text, images (raster types only, as data: URLs the
// CSP's img-src allows), links to resources, structured content. Server output renders as text.

const RASTER = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

function Block({ block, server }: { block: McpCardBlock; server: string }) {
  switch (block.type) {
    case 'text':
      return <Output text={block.text} label="Text" />;
    case 'image':
      return RASTER.has(block.mimeType) ? (
        <img
          className="tool-image"
          alt={`Image from the ${server} server (${block.mimeType})`}
          src={`data:${block.mimeType};base64,${block.data}`}
        />
      ) : (
        <p className="muted">An image of type {block.mimeType} (not shown)</p>
      );
    case 'audio':
      return <p className="muted">Audio ({block.mimeType})</p>;
    case 'resource-link':
      return (
        <p>
          Resource <code>{block.name}</code> <span className="muted">{block.uri}</span>
          {block.description ? ` — ${block.description}` : ''}
        </p>
      );
    case 'resource':
      return <Output text={block.text ?? `(binary resource ${block.uri})`} label={`Resource ${block.uri}`} />;
  }
}

export function McpToolCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'mcp-tool');
  if (!details) return null;
  return (
    <CardFrame call={call} subject={`${details.server} · ${details.tool}`}>
      {details.failure ? (
        <p className="tool-error">
          {details.failure.message} {details.failure.hint}
        </p>
      ) : (
        <ResultNote call={call} />
      )}
      {details.blocks.map((block, i) => (
        <Block key={i} block={block} server={details.server} />
      ))}
      {details.structuredContent && (
        <Output text={JSON.stringify(details.structuredContent, null, 2)} label="Structured content" open={false} />
      )}
    </CardFrame>
  );
}
