import { z } from 'zod';

// The single-file session export: format, version and limits. Import validates a file against
// this schema (and more: paths, sizes, hashes) before it writes anything.

export const EXPORT_FORMAT = 'tidepool-session';
export const EXPORT_VERSION = 1;

export const IMPORT_LIMITS = {
  /** The whole file, before parsing. */
  maxFileBytes: 256 * 1024 * 1024,
  maxFiles: 20_000,
  maxFileBytesEach: 50 * 1024 * 1024,
  maxTotalFileBytes: 200 * 1024 * 1024,
  maxEvents: 500_000,
  maxPathLength: 1_024,
  /** A lesson's teacher notes: how many, and how long each. */
  maxNotes: 2_000,
  maxNoteChars: 20_000,
} as const;

const usage = z.object({
  inputTokens: z.number().finite().nonnegative(),
  outputTokens: z.number().finite().nonnegative(),
  cacheReadTokens: z.number().finite().nonnegative(),
  cacheWriteTokens: z.number().finite().nonnegative(),
});

const fileEntry = z.object({
  /** Relative to the workspace root (`src/app.ts`). */
  path: z.string().min(1).max(IMPORT_LIMITS.maxPathLength),
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
  /** Bytes after decoding; checked against the content. */
  size: z.number().int().nonnegative(),
});

const blobEntry = z.object({
  hash: z.string().min(1).max(200),
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
  size: z.number().int().nonnegative(),
});

const checkpointEntry = z.object({
  id: z.string().min(1).max(200),
  turnId: z.string().min(1).max(200),
  createdAt: z.number().finite(),
  label: z.string().max(10_000),
  files: z.array(z.tuple([z.string().min(1).max(IMPORT_LIMITS.maxPathLength), z.string().min(1).max(200)])),
});

/** A teacher's note on one recorded model response (`step`: its 0-based index in the recording). */
const noteEntry = z.object({
  step: z.number().int().nonnegative().max(IMPORT_LIMITS.maxEvents),
  text: z.string().max(IMPORT_LIMITS.maxNoteChars),
});

export const sessionExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.number().finite(),
  session: z.object({
    id: z.string().min(1).max(200),
    title: z.string().max(1_000),
    createdAt: z.number().finite(),
    updatedAt: z.number().finite(),
    model: z.string().max(500),
    usage,
    usageByModel: z.record(z.string().max(500), usage),
    rules: z.object({
      allow: z.array(z.string().max(2_000)),
      ask: z.array(z.string().max(2_000)),
      deny: z.array(z.string().max(2_000)),
    }),
    root: z.string().startsWith('/').max(IMPORT_LIMITS.maxPathLength),
    forkedFrom: z.object({ sessionId: z.string(), turnId: z.string() }).optional(),
  }),
  /** AgentEvents; each is checked with the store's event schema. */
  events: z.array(z.unknown()).max(IMPORT_LIMITS.maxEvents),
  files: z.array(fileEntry).max(IMPORT_LIMITS.maxFiles),
  checkpoints: z.array(checkpointEntry).optional(),
  blobs: z.array(blobEntry).optional(),
  /** A recording made into a lesson: the teacher's notes per step. Older readers ignore it. */
  lesson: z.object({ notes: z.array(noteEntry).max(IMPORT_LIMITS.maxNotes) }).optional(),
});

export type LessonNote = z.infer<typeof noteEntry>;

export type SessionExport = z.infer<typeof sessionExportSchema>;
export type ExportedFile = z.infer<typeof fileEntry>;
