import type { AgentEvent } from '../agent/events';
import type { Checkpoint } from '../agent/checkpoints';
import type { SessionMeta, SessionStore, StoredFile } from '../store/session-store';
import { encodeContent } from './encoding';
import { EXPORT_FORMAT, EXPORT_VERSION, type SessionExport } from './export-format';

// Export a session to one JSON file: meta, the event log, the workspace files, and optionally
// the checkpoints with their blobs. API keys are never in a session; `redact` scrubs any that a
// user pasted into a message.

export interface ExportInput {
  meta: Pick<
    SessionMeta,
    'id' | 'title' | 'createdAt' | 'updatedAt' | 'model' | 'usage' | 'usageByModel' | 'rules' | 'root' | 'forkedFrom'
  >;
  events: AgentEvent[];
  files: { path: string; data: Uint8Array }[];
  checkpoints?: Checkpoint[];
  blobs?: Map<string, Uint8Array>;
}

const relative = (root: string, path: string): string | null =>
  path.startsWith(`${root}/`) ? path.slice(root.length + 1) : null;

export function buildExport(input: ExportInput): SessionExport {
  const { meta } = input;
  const files = input.files
    .map((f) => ({ rel: relative(meta.root, f.path), data: f.data }))
    .filter((f): f is { rel: string; data: Uint8Array } => f.rel !== null)
    .sort((a, b) => (a.rel < b.rel ? -1 : 1))
    .map((f) => ({ path: f.rel, ...encodeContent(f.data) }));
  const out: SessionExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: Date.now(),
    session: {
      id: meta.id,
      title: meta.title,
      createdAt: meta.createdAt,
      updatedAt: meta.updatedAt,
      model: meta.model,
      usage: meta.usage,
      usageByModel: meta.usageByModel,
      rules: meta.rules,
      root: meta.root,
      ...(meta.forkedFrom ? { forkedFrom: meta.forkedFrom } : {}),
    },
    events: input.events,
    files,
  };
  if (input.checkpoints) {
    out.checkpoints = input.checkpoints.map((c) => ({
      id: c.id,
      turnId: c.turnId,
      createdAt: c.createdAt,
      label: c.label,
      files: c.files.flatMap(([path, hash]): [string, string][] => {
        const rel = relative(meta.root, path);
        return rel === null ? [] : [[rel, hash]];
      }),
    }));
    out.blobs = [...(input.blobs ?? new Map()).entries()].map(([hash, data]) => ({ hash, ...encodeContent(data) }));
  }
  return out;
}

/** JSON text of an export, with every `redact` string (length ≥ 8, e.g. saved API keys) replaced. */
export function serializeExport(data: SessionExport, options: { redact?: string[]; pretty?: boolean } = {}): string {
  let text = JSON.stringify(data, null, options.pretty ? 1 : undefined);
  for (const secret of options.redact ?? []) {
    if (secret.length >= 8) text = text.split(JSON.stringify(secret).slice(1, -1)).join('[redacted]');
  }
  return text;
}

/** Reads a stored session (its checkpoints too when asked) into an export. */
export async function exportSession(
  store: SessionStore,
  sessionId: string,
  options: { checkpoints?: boolean } = {},
): Promise<SessionExport> {
  const loaded = await store.loadSession(sessionId);
  if (!loaded) throw new Error(`No session ${sessionId}.`);
  let checkpoints: Checkpoint[] | undefined;
  let blobs: Map<string, Uint8Array> | undefined;
  if (options.checkpoints) {
    checkpoints = await store.listCheckpoints(sessionId);
    blobs = new Map();
    for (const checkpoint of checkpoints) {
      for (const [, hash] of checkpoint.files) {
        if (blobs.has(hash)) continue;
        const data = await store.getBlob(sessionId, hash);
        if (data) blobs.set(hash, data);
      }
    }
  }
  return buildExport({
    meta: loaded.meta,
    events: loaded.events,
    files: loaded.files as StoredFile[],
    checkpoints,
    blobs,
  });
}

/** `tidepool-fix-the-parser-2026-11-24.json` */
export function exportFileName(title: string, at: number = Date.now()): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return `tidepool-${slug || 'session'}-${new Date(at).toISOString().slice(0, 10)}.json`;
}
