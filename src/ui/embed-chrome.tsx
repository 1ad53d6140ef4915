// What an embedded Tidepool shows of its own: the refusal a host on a non-allowed origin gets
// (and nothing else), and the small link that opens Tidepool itself in a new tab.

/** Everything a refused frame shows: which page was refused, and that nothing was shared with it. */
export function EmbedRefusal({ origin }: { origin: string | null }) {
  return (
    <main className="embed-refusal" role="alert" aria-label="Embedding refused">
      <h1>Tidepool can't be embedded here</h1>
      <p>
        {origin ? <code>{origin}</code> : 'This page'} is not one of the sites allowed to embed this Tidepool, so
        nothing runs in this frame and nothing is shared with the page.
      </p>
      <p>
        <a href="/" target="_blank" rel="noopener noreferrer">
          Open Tidepool in a new tab
        </a>
      </p>
    </main>
  );
}

/** The header's way out of the frame: Tidepool on its own origin, in a new tab (never the host's). */
export function OpenInTidepool({ hostOrigin }: { hostOrigin: string | null }) {
  return (
    <>
      {hostOrigin && (
        <span className="embed-host muted" title={`This Tidepool is driven by ${hostOrigin}`}>
          on {new URL(hostOrigin).host}
        </span>
      )}
      <a className="embed-open" href="/" target="_blank" rel="noopener noreferrer">
        Open in Tidepool
      </a>
    </>
  );
}
