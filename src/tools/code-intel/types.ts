// Code intelligence as the LSP tool and the after-edit diagnostics see it: plain data in, plain data
// out, positions 1-based as editors show them. The TypeScript implementation runs in a worker.
import type { Result } from '../../lib/result';

export type LspOperation =
  'goToDefinition' | 'findReferences' | 'hover' | 'documentSymbol' | 'workspaceSymbol' | 'diagnostics';

export interface CodeLocation {
  /** Absolute workspace path. */
  path: string;
  line: number;
  character: number;
  /** The source line, trimmed, for context. */
  preview?: string;
}

export interface CodeDiagnostic {
  path: string;
  line: number;
  character: number;
  message: string;
  /** TypeScript's error number (2322, …). */
  code: number;
  severity: 'error' | 'warning' | 'suggestion';
}

export interface CodeSymbol {
  name: string;
  /** TypeScript's element kind: class, function, method, interface, const, … */
  kind: string;
  path: string;
  line: number;
  character: number;
  /** The enclosing symbol, for workspace results. */
  container?: string;
  children?: CodeSymbol[];
}

export type CodeAnswer =
  | { op: 'goToDefinition' | 'findReferences'; locations: CodeLocation[] }
  | { op: 'hover'; signature: string; documentation?: string }
  | { op: 'documentSymbol'; symbols: CodeSymbol[] }
  | { op: 'workspaceSymbol'; query: string; symbols: CodeSymbol[] }
  | { op: 'diagnostics'; diagnostics: CodeDiagnostic[] };

export interface CodeIntel {
  /** True for files the service understands (.ts .tsx .mts .cts .js .jsx .mjs .cjs). */
  handles(path: string): boolean;
  query(
    op: LspOperation,
    path: string,
    line: number,
    character: number,
    signal?: AbortSignal,
  ): Promise<Result<CodeAnswer | null>>;
  /**
   * Errors in `path` that its latest change brought in: diagnostics of the version the service last
   * saw against those of the file as it is now. Call right after a tool changed the file.
   */
  newErrorsAfterEdit(path: string, signal?: AbortSignal): Promise<Result<CodeDiagnostic[]>>;
  /** The service has started (false: the first query or `warmUp` still has to load it). */
  readonly warm?: boolean;
  /** Starts the service in the background, waiting for nothing. */
  warmUp?(): void;
  dispose(): void;
}
