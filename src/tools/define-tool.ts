import { z } from 'zod';
import type { ToolServices } from './services';
import type { PermissionSubject, Tool, ToolContext, ToolKind, ToolResult } from './types';

export interface ToolDefinition<S extends z.ZodType> {
  name: string;
  aliases?: string[];
  kind: ToolKind;
  description: string;
  input: S;
  permission?: (input: z.infer<S>) => PermissionSubject;
  summary?: (input: z.infer<S>) => string;
  run(input: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
  available?: (services: ToolServices) => boolean;
}

/** Builds a Tool, deriving its JSON Schema from the zod input so the two never drift. */
export function defineTool<S extends z.ZodType>(def: ToolDefinition<S>): Tool<z.infer<S>> {
  const schema = z.toJSONSchema(def.input, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  delete schema.$schema; // providers do not need it; every byte is paid per request
  return {
    name: def.name,
    aliases: def.aliases,
    kind: def.kind,
    description: def.description,
    input: def.input as unknown as z.ZodType<z.infer<S>>,
    inputSchema: schema,
    permission: def.permission ?? (() => ({ ruleName: def.name })),
    summary: def.summary ?? (() => def.name),
    run: def.run,
    ...(def.available ? { available: def.available } : {}),
  };
}
