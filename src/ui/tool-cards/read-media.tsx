import type { ToolCallView } from '../../app/chat/chat-fold';
import { displayPath } from '../../lib/paths-and-urls';
import { useApp } from '../use-store';
import { CardFrame, Output, ResultNote, detailsOf } from './card-frame';

const size = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * Read of an image, a PDF or a notebook. An image shows as an <img> only for raster types (PNG,
 * JPEG, GIF, WebP, as the chat fold checked them): an SVG could carry script, so it never shows.
 */
export function ReadMediaCard({ call }: { call: ToolCallView }) {
  const details = detailsOf(call, 'read-media');
  const root = useApp().workspace.root;
  if (!details) return null;
  const path = displayPath(details.filePath, root);
  const facts = [
    details.mediaType,
    details.dimensions && `${details.dimensions.width}×${details.dimensions.height}`,
    size(details.originalSize),
    details.type === 'pdf' &&
      (details.pages?.length
        ? `pages ${details.pages.join(', ')}${details.totalPages ? ` of ${details.totalPages}` : ''}`
        : details.totalPages && `${details.totalPages} pages`),
    details.pdfAs === 'text' && 'sent as extracted text',
    details.type === 'notebook' && details.cells !== undefined && `${details.cells} cells`,
  ].filter(Boolean);
  const image = call.images?.[0];
  return (
    <CardFrame
      call={call}
      subject={
        <>
          <code>{path}</code> <span className="muted">· {facts.join(' · ')}</span>
        </>
      }
    >
      {image && (
        <img
          className="tool-image"
          alt={`Image read from ${path}`}
          src={`data:${image.mediaType};base64,${image.data}`}
        />
      )}
      {details.type !== 'image' && call.state === 'done' && (
        <Output text={call.result ?? ''} label="What the agent read" open={false} />
      )}
      <ResultNote call={call} />
    </CardFrame>
  );
}
