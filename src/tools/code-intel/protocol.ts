// Messages between the code-intelligence client (main thread) and the TypeScript service (a Web
// Worker in the page; in-process or a worker thread under Node). Plain, structured-cloneable data.
import type { CodeAnswer, CodeDiagnostic, LspOperation } from './types';

/** A file's text, or null when it was deleted. */
export interface FileUpdate {
  path: string;
  text: string | null;
}

export type ServiceRequest =
  | { kind: 'init'; root: string; files: FileUpdate[] }
  | { kind: 'update'; files: FileUpdate[] }
  | { kind: 'query'; op: LspOperation; path: string; line: number; character: number }
  /** Errors of `path` now, against its version before `text`; the file is updated to `text`. */
  | { kind: 'new-errors'; path: string; text: string };

export type ServiceValue = CodeAnswer | CodeDiagnostic[] | null | true;

export type ServiceResponse = { ok: true; value: ServiceValue } | { ok: false; error: string };

/** How the client reaches a service: one request at a time, answered in order. */
export interface ServiceTransport {
  request(message: ServiceRequest): Promise<ServiceResponse>;
  dispose(): void;
}

/** The lib .d.ts files TypeScript asks for by name (`lib.es2022.d.ts`); undefined when there is no such file. */
export type LibLoader = (fileName: string) => Promise<string | undefined>;

/** Where the service keeps TypeScript's lib files in its virtual file system. */
export const LIB_DIR = '/__typescript_lib__/';
