import { useApp, useStore } from '../use-store';

// A project's `.mcp.json` servers connect only once the user trusts the project. Trusting is one
// decision for everything the project would load or run (the extensions' trust), so the prompt
// lists all of it, not only the servers. Repo text renders as text.

export function McpProjectTrust() {
  const mcp = useApp().mcp;
  const project = useStore(mcp.store, (s) => s.project);
  if (project.status === 'none' || project.status === 'not-needed') return null;
  const asking = project.status === 'unknown' || project.status === 'changed';
  const others = project.items.filter((i) => i.kind !== 'mcp-server');
  return (
    <section className="mcp-project" aria-label="Project MCP servers">
      {project.status === 'trusted' && (
        <p className="field-note">This project is trusted: the servers in its .mcp.json connect.</p>
      )}
      {project.status === 'distrusted' && (
        <p className="field-note">You chose not to trust this project: the servers in its .mcp.json stay off.</p>
      )}
      {asking && (
        <p>
          {project.status === 'changed'
            ? 'This project’s configuration changed since you trusted it. '
            : 'This project’s .mcp.json lists MCP servers. '}
          They connect only if you trust the project.
        </p>
      )}
      {project.status !== 'trusted' && project.servers.length > 0 && (
        <ul className="mcp-project-servers" aria-label="Servers in .mcp.json">
          {project.servers.map((line) => (
            <li key={line}>
              <code>{line}</code>
            </li>
          ))}
        </ul>
      )}
      {asking && others.length > 0 && (
        <details>
          <summary>Trusting also loads {others.length} more item(s) from this project</summary>
          <ul>
            {others.map((item) => (
              <li key={`${item.kind}:${item.file}:${item.detail}`}>
                {item.kind} · <code>{item.file}</code>: {item.detail}
              </li>
            ))}
          </ul>
        </details>
      )}
      {project.issues.length > 0 && (
        <ul className="mcp-project-issues" aria-label=".mcp.json problems">
          {project.issues.map((issue) => (
            <li key={issue} className="error-text">
              {issue}
            </li>
          ))}
        </ul>
      )}
      {project.status !== 'trusted' && (
        <div className="mcp-actions">
          <button type="button" className="small" onClick={() => void mcp.trustProject(true)}>
            Trust project
          </button>
          {asking && (
            <button type="button" className="ghost small" onClick={() => void mcp.trustProject(false)}>
              Don&apos;t trust
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** In the chat: the project brought servers that wait for an answer. */
export function McpTrustBanner() {
  const app = useApp();
  const project = useStore(app.mcp.store, (s) => s.project);
  if (project.status !== 'unknown' && project.status !== 'changed') return null;
  return (
    <div className="notice notice-info banner" role="status">
      This project&apos;s .mcp.json lists {project.servers.length} MCP server(s); they connect only if you trust the
      project.{' '}
      <button type="button" className="link" onClick={() => app.view.openSettings()}>
        Review in Settings
      </button>
    </div>
  );
}
