import { hashBytes } from '../agent/checkpoints';
import type { AgentEvent } from '../agent/events';
import type { Checkpoint } from '../agent/checkpoints';
import { checkEvent, foldMeta, newMeta } from '../store/session-store';
import type { SessionData, SessionMeta, SessionStore } from '../store/session-store';
import { isUnder, joinPath, normalizePath } from '../workspace/paths';
import { decodeContent } from './encoding';
import { EXPORT_FORMAT, EXPORT_VERSION, IMPORT_LIMITS, sessionExportSchema, type LessonNote } from './export-format';

// Import of an exported session. The file is untrusted: everything is checked before anything is
// written (one transaction), and every failure names what is wrong with the file.

export type ImportResult = { ok: true; meta: SessionMeta } | { ok: false; error: string };

class ImportProblem extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MB = 1024 * 1024;

function fail(reason: string): never {
  throw new ImportProblem(reason);
}

/** Root-relative (or absolute under the exported root) → absolute under `targetRoot`; throws when it escapes. */
function importPath(raw: string, exportRoot: string, targetRoot: string, where: string): string {
  if (/[\u0000-\u001f\u007f\\]/.test(raw))
    fail(`${where} "${raw.slice(0, 80)}" contains a control character or a backslash`);
  let rel: string;
  if (raw.startsWith('/')) {
    const abs = normalizePath(raw);
    if (!isUnder(exportRoot, abs) || abs === exportRoot)
      fail(`${where} "${raw}" is outside the workspace root ${exportRoot}`);
    rel = abs.slice(exportRoot.length + 1);
  } else {
    if (raw.split('/').includes('..')) fail(`${where} "${raw}" escapes the workspace root (it contains "..")`);
    rel = normalizePath(raw);
    if (rel === '.' || rel === '') fail(`${where} "${raw}" names the workspace root, not a file`);
  }
  const abs = joinPath(targetRoot, rel);
  if (!isUnder(targetRoot, abs) || abs === targetRoot) fail(`${where} "${raw}" escapes the workspace root`);
  return abs;
}

function checkSize(size: number, where: string): void {
  if (size > IMPORT_LIMITS.maxFileBytesEach)
    fail(
      `${where} declares ${Math.round(size / MB)} MB, over the ${IMPORT_LIMITS.maxFileBytesEach / MB} MB limit per file`,
    );
}

function decodeChecked(encoding: 'utf8' | 'base64', content: string, size: number, where: string): Uint8Array {
  checkSize(size, where);
  // Bound the work before decoding: the content cannot be much longer than the size it declares.
  const maxChars = encoding === 'base64' ? Math.ceil(size / 3) * 4 : size;
  if (content.length > maxChars) fail(`${where} is larger than the ${size} bytes it declares`);
  let data: Uint8Array;
  try {
    data = decodeContent(encoding, content);
  } catch {
    fail(`${where} is not valid ${encoding}`);
  }
  if (data.byteLength !== size) fail(`${where} declares ${size} bytes but holds ${data.byteLength}`);
  return data;
}

/**
 * Parses and checks an export; returns the session as the store writes it (and a lesson's notes,
 * which the store does not keep), or why the file is refused.
 */
export async function parseSessionExport(
  text: string,
  options: { root?: string; id?: string } = {},
): Promise<{ ok: true; data: SessionData; notes: LessonNote[] } | { ok: false; error: string }> {
  try {
    const notes: LessonNote[] = [];
    return { ok: true, data: await parseOrThrow(text, options, notes), notes };
  } catch (error) {
    if (error instanceof ImportProblem)
      return { ok: false, error: `This file cannot be imported: ${error.message}. Nothing was imported.` };
    throw error;
  }
}

async function parseOrThrow(
  text: string,
  options: { root?: string; id?: string },
  notes: LessonNote[],
): Promise<SessionData> {
  if (typeof text !== 'string') fail('it is not text');
  if (text.length > IMPORT_LIMITS.maxFileBytes)
    fail(`it is ${Math.round(text.length / MB)} MB, over the ${IMPORT_LIMITS.maxFileBytes / MB} MB limit`);
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value) => {
      if (FORBIDDEN_KEYS.has(key)) fail(`it contains the key "${key}", which could tamper with objects`);
      return value;
    });
  } catch (error) {
    if (error instanceof ImportProblem) throw error;
    fail(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const head = raw as { format?: unknown; version?: unknown } | null;
  if (!head || typeof head !== 'object' || head.format !== EXPORT_FORMAT) fail('it is not a Tidepool session export');
  if (head.version !== EXPORT_VERSION) {
    fail(
      typeof head.version === 'number' && head.version > EXPORT_VERSION
        ? `it was made by a newer Tidepool (format version ${head.version}); update Tidepool to import it`
        : `its format version ${String(head.version)} is not supported (this Tidepool reads version ${EXPORT_VERSION})`,
    );
  }
  const parsed = sessionExportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const file = parsed.data;
  const exportRoot = normalizePath(file.session.root);
  const root = normalizePath(options.root ?? exportRoot);

  const events: AgentEvent[] = [];
  file.events.forEach((value, i) => {
    const checked = checkEvent(value);
    if (!checked.ok) fail(`events[${i}] is not a valid event (${checked.reason})`);
    const event = checked.event;
    // The permission mode and rules are the user's, never a file's: its mode and rule records are dropped.
    if (event.type === 'mode-changed' || event.type === 'rules-changed') return;
    if (event.type === 'files-changed') {
      const files = event.files.map((f, j) => ({
        path: importPath(f.path, exportRoot, root, `events[${i}].files[${j}].path`),
        change: f.change,
      }));
      events.push({ ...event, files });
    } else events.push(event);
  });

  let total = 0;
  const seen = new Set<string>();
  const files = file.files.map((f, i) => {
    const where = `files[${i}]`;
    const path = importPath(f.path, exportRoot, root, `${where}.path`);
    if (seen.has(path)) fail(`${where}.path "${f.path}" appears twice`);
    seen.add(path);
    checkSize(f.size, where);
    total += f.size;
    if (total > IMPORT_LIMITS.maxTotalFileBytes)
      fail(`its files add up to more than ${IMPORT_LIMITS.maxTotalFileBytes / MB} MB`);
    return { path, data: decodeChecked(f.encoding, f.content, f.size, where), mtimeMs: file.session.updatedAt };
  });

  const blobs = new Map<string, Uint8Array>();
  for (const [i, b] of (file.blobs ?? []).entries()) {
    const where = `blobs[${i}]`;
    checkSize(b.size, where);
    total += b.size;
    if (total > IMPORT_LIMITS.maxTotalFileBytes * 2)
      fail(`its files and checkpoints add up to more than ${(IMPORT_LIMITS.maxTotalFileBytes * 2) / MB} MB`);
    const data = decodeChecked(b.encoding, b.content, b.size, where);
    // A wrong hash would make a rewind restore the wrong content: check what can be checked.
    const actual = await hashBytes(data);
    if (actual.split(':')[0] === b.hash.split(':')[0] && actual !== b.hash) fail(`${where} does not match its hash`);
    blobs.set(b.hash, data);
  }
  const checkpoints: Checkpoint[] = (file.checkpoints ?? []).map((c, i) => ({
    id: c.id,
    turnId: c.turnId,
    createdAt: c.createdAt,
    label: c.label,
    files: c.files.map(([p, hash], j): [string, string] => {
      if (!blobs.has(hash)) fail(`checkpoints[${i}].files[${j}] refers to content that is not in the file`);
      return [importPath(p, exportRoot, root, `checkpoints[${i}].files[${j}]`), hash];
    }),
  }));

  const noted = new Set<number>();
  for (const [i, note] of (file.lesson?.notes ?? []).entries()) {
    if (noted.has(note.step)) fail(`lesson.notes[${i}] is a second note for step ${note.step}`);
    noted.add(note.step);
    notes.push({ step: note.step, text: note.text });
  }

  const s = file.session;
  const meta: SessionMeta = newMeta(options.id ?? s.id, s.createdAt, root);
  const scratch = { turnText: '' };
  for (const event of events) foldMeta(meta, event, scratch, s.updatedAt); // rebuilds the search text
  Object.assign(meta, {
    title: s.title,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastUsedAt: Date.now(),
    model: s.model,
    usage: s.usage,
    usageByModel: s.usageByModel,
    rules: s.rules,
    status: meta.status === 'running' ? 'interrupted' : meta.status,
    ...(s.forkedFrom ? { forkedFrom: s.forkedFrom } : {}),
  });
  return { meta, events, files, checkpoints, blobs: [...blobs].map(([hash, data]) => ({ hash, data })) };
}

/**
 * Imports an export into the store as a new session (keeping its id when free). All or nothing:
 * a refused file, or a failed write, leaves the store as it was.
 */
export async function importSession(
  store: SessionStore,
  input: string | Uint8Array,
  options: { root?: string } = {},
): Promise<ImportResult> {
  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return { ok: false, error: 'This file cannot be imported: it is not UTF-8 text. Nothing was imported.' };
  }
  const parsed = await parseSessionExport(text, options);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  if (await store.hasSession(data.meta.id)) data.meta.id = `${data.meta.id}-import-${Date.now().toString(36)}`;
  try {
    return { ok: true, meta: await store.createSessionFrom(data) };
  } catch (error) {
    return {
      ok: false,
      error: `The session could not be saved: ${error instanceof Error ? error.message : String(error)}. Nothing was imported.`,
    };
  }
}
