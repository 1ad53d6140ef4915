import type { RuleLists } from '../../agent/events';
import type { StoreContext } from './context';
import { randomId } from './context';
import type { EventLog } from './event-log';
import { newMeta } from './meta-fold';
import { describeIssue, sessionMetaSchema, type SessionMeta } from './records';

// The `sessions` store: one meta record per session (title, usage, status, search text), what
// the session list reads without touching any event log.

/** What the session list shows: the meta record without its search text. */
export type SessionSummary = Omit<SessionMeta, 'searchText'>;

export class MetaRecords {
  constructor(
    private readonly ctx: StoreContext,
    private readonly log: EventLog,
  ) {}

  async create(
    init: { id?: string; title?: string; model?: string; root?: string; rules?: RuleLists } = {},
  ): Promise<SessionMeta> {
    const meta = newMeta(init.id ?? randomId('session'), this.ctx.now(), init.root ?? '/workspace');
    if (init.title) meta.title = init.title;
    if (init.model) meta.model = init.model;
    if (init.rules) meta.rules = { allow: [...init.rules.allow], ask: [...init.rules.ask], deny: [...init.rules.deny] };
    await this.ctx.write(['sessions'], async (tx) => {
      if (await tx.objectStore('sessions').get(meta.id))
        throw new Error(`A session with id ${meta.id} already exists.`);
      await tx.objectStore('sessions').put(meta);
    });
    return meta;
  }

  async get(sessionId: string): Promise<SessionMeta | undefined> {
    const cached = await this.log.cached(sessionId);
    if (cached) return structuredClone(cached.meta);
    const raw = await this.ctx.db.get('sessions', sessionId);
    if (raw === undefined) return undefined;
    const parsed = sessionMetaSchema.safeParse(raw);
    return parsed.success ? (parsed.data as SessionMeta) : undefined;
  }

  async has(sessionId: string): Promise<boolean> {
    return (await this.ctx.db.count('sessions', sessionId)) > 0;
  }

  /** Most recently used first. `search` matches every word against the title and the session's text. */
  async list(options: { search?: string; limit?: number } = {}): Promise<SessionSummary[]> {
    // The whole store rather than the lastUsedAt index: a damaged record missing that field must be reported, not invisible.
    const raw = (await this.ctx.db.getAll('sessions')) as unknown[];
    const metas: SessionMeta[] = [];
    for (const record of raw) {
      const parsed = sessionMetaSchema.safeParse(record);
      if (parsed.success) metas.push(parsed.data as SessionMeta);
      else
        this.ctx.report({
          sessionId: (record as { id?: string })?.id,
          store: 'sessions',
          reason: `session record skipped: ${describeIssue(parsed.error)}`,
        });
    }
    metas.sort((a, b) => b.lastUsedAt - a.lastUsedAt);
    const terms = (options.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const out: SessionSummary[] = [];
    for (const meta of metas) {
      if (terms.length) {
        const haystack = `${meta.title}\n${meta.searchText}`.toLowerCase();
        if (!terms.every((t) => haystack.includes(t))) continue;
      }
      const { searchText: _omit, ...summary } = meta;
      out.push(summary);
      if (options.limit && out.length >= options.limit) break;
    }
    return out;
  }

  /** Changes a meta record: through this tab's writer when it has one (its copy is what later batches write). */
  async update(sessionId: string, change: (meta: SessionMeta) => void): Promise<void> {
    if (await this.log.updateCachedMeta(sessionId, change)) return;
    await this.ctx.write(
      ['sessions'],
      async (tx) => {
        const raw = await tx.objectStore('sessions').get(sessionId);
        const parsed = sessionMetaSchema.safeParse(raw);
        if (!parsed.success) throw new Error(`No readable session ${sessionId}.`);
        const meta = parsed.data as SessionMeta;
        change(meta);
        await tx.objectStore('sessions').put(meta);
      },
      sessionId,
    );
  }
}
