import { sessionRange, type StoreProblem } from './db';
import type { StoreContext } from './context';
import { describeIssue, fileRecordSchema, type FileRecord } from './records';

// The `files` store: the session's workspace as it is now, one record per file. What to write is
// decided by the session (src/session/workspace-mirror.ts follows the workspace's watch); this
// only writes it, one transaction per batch (the mirror keeps batches small).

export interface StoredFile {
  path: string;
  data: Uint8Array;
  mtimeMs: number;
}

/** One batch of workspace changes to mirror. */
export interface FileChanges {
  /** Files to write as they are now. */
  put: StoredFile[];
  /** Paths gone from the workspace (a file, or a directory and everything under it). */
  removed: string[];
  /** Directories written whole: stored files under them that are in neither `put` nor `keep` are dropped. */
  dirs?: string[];
  /** Files under `dirs` that stay though this batch does not write them (another chunk does). */
  keep?: string[];
}

const under = (sessionId: string, dir: string): IDBKeyRange => {
  const lower = dir === '/' ? '/' : `${dir}/`;
  return IDBKeyRange.bound([sessionId, lower], [sessionId, `${lower}\uffff`]);
};

export class FileRecords {
  constructor(private readonly ctx: StoreContext) {}

  async write(sessionId: string, changes: FileChanges): Promise<void> {
    await this.ctx.write(
      ['files'],
      async (tx) => {
        const store = tx.objectStore('files');
        const ops: Promise<unknown>[] = [];
        for (const path of changes.removed) {
          ops.push(store.delete([sessionId, path]));
          ops.push(store.delete(under(sessionId, path)));
        }
        if (changes.dirs?.length) {
          const present = new Set([...changes.put.map((f) => f.path), ...(changes.keep ?? [])]);
          for (const dir of changes.dirs) {
            const keys = (await store.getAllKeys(under(sessionId, dir))) as [string, string][];
            for (const key of keys) if (!present.has(key[1])) ops.push(store.delete(key));
          }
        }
        for (const f of changes.put)
          ops.push(store.put({ sessionId, path: f.path, data: f.data, mtimeMs: f.mtimeMs } satisfies FileRecord));
        await Promise.all(ops);
      },
      sessionId,
    );
  }

  /** Deletes every file record of the session (it keeps its files in memory only from now on). */
  async removeAll(sessionId: string): Promise<void> {
    await this.ctx.write(['files'], (tx) => tx.objectStore('files').delete(sessionRange(sessionId)), sessionId);
  }
}

/** Records read per request when a session loads: each page is its own task, so the page stays responsive. */
export const LOAD_PAGE = 1_000;

/**
 * Every file record of a session, read in pages of LOAD_PAGE inside the caller's transaction (each
 * request is issued as the previous one's result arrives, so the transaction stays alive). One
 * getAll of 20,000 records was one main-thread task of hundreds of milliseconds.
 */
export async function readFilePages(
  store: { getAll(range: IDBKeyRange, count?: number): Promise<unknown[]> },
  sessionId: string,
): Promise<unknown[]> {
  const out: unknown[] = [];
  let range = sessionRange(sessionId);
  for (;;) {
    const page = await store.getAll(range, LOAD_PAGE);
    for (const record of page) out.push(record);
    if (page.length < LOAD_PAGE) return out;
    const last = (page[page.length - 1] as { path: string }).path;
    range = IDBKeyRange.bound([sessionId, last], [sessionId, []], true, false);
  }
}

/**
 * The paths of a session's files, without their contents: keys only, so no file is read or
 * copied. A reload shows the tree from these while the contents load (names first).
 */
export async function readFilePaths(
  store: { getAllKeys(range: IDBKeyRange): Promise<unknown[]> },
  sessionId: string,
): Promise<string[]> {
  const keys = await store.getAllKeys(sessionRange(sessionId));
  const paths: string[] = [];
  for (const key of keys) {
    const path = Array.isArray(key) ? key[1] : undefined;
    if (typeof path === 'string' && path.startsWith('/')) paths.push(path);
  }
  return paths;
}

/** The files among raw records; damaged ones are skipped and added to `problems`. */
export function readFileRecords(sessionId: string, records: unknown[], problems: StoreProblem[]): StoredFile[] {
  const files: StoredFile[] = [];
  for (const record of records) {
    // The shape fileRecordSchema checks, tested by hand first: a schema parse per record was a
    // third of a 20,000-file session's restore. Anything that fails goes through the schema for its words.
    const r = record as Partial<FileRecord> | null;
    if (
      r &&
      typeof r.sessionId === 'string' &&
      typeof r.path === 'string' &&
      r.path.startsWith('/') &&
      r.data instanceof Uint8Array &&
      Number.isFinite(r.mtimeMs)
    ) {
      files.push({ path: r.path, data: r.data, mtimeMs: r.mtimeMs as number });
      continue;
    }
    const parsed = fileRecordSchema.safeParse(record);
    if (parsed.success) files.push({ path: parsed.data.path, data: parsed.data.data, mtimeMs: parsed.data.mtimeMs });
    else {
      const path = (record as { path?: unknown })?.path;
      problems.push({
        sessionId,
        store: 'files',
        reason: `file ${typeof path === 'string' ? path : '(unknown path)'} skipped: ${describeIssue(parsed.error)}`,
      });
    }
  }
  return files;
}
