// A server asking the user for input (`elicitation/create`, form mode). The connection hands the
// request to a callback the UI supplies; this file turns the request's restricted JSON Schema
// into a field list a form can be built from, and checks the answers before they go back.
import { err, ok, type Result } from '../lib/result';

export interface McpElicitationRequest {
  server: string;
  message: string;
  /** The schema as the server sent it (flat object of primitive properties). */
  requestedSchema: Record<string, unknown>;
  fields: ElicitationField[];
}

export type McpElicitationAnswer =
  { action: 'accept'; content: Record<string, ElicitationValue> } | { action: 'decline' } | { action: 'cancel' };

export type ElicitationValue = string | number | boolean | string[];

export interface ElicitationOption {
  value: string;
  label: string;
}

export interface ElicitationField {
  name: string;
  /** The title, else the property name. */
  label: string;
  description?: string;
  required: boolean;
  kind: 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'multi-choice';
  /** For text: email, uri, date, date-time. */
  format?: string;
  options?: ElicitationOption[];
  default?: ElicitationValue;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

type Schema = Record<string, unknown>;

function optionsOf(schema: Schema): ElicitationOption[] | undefined {
  const list = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (Array.isArray(list) && list.every((o) => o && 'const' in o)) {
    return list.map((o) => ({
      value: String(o.const),
      label: typeof o.title === 'string' ? o.title : String(o.const),
    }));
  }
  if (Array.isArray(schema.enum)) {
    const names = Array.isArray(schema.enumNames) ? (schema.enumNames as unknown[]) : [];
    return (schema.enum as unknown[]).map((v, i) => ({
      value: String(v),
      label: typeof names[i] === 'string' ? (names[i] as string) : String(v),
    }));
  }
  return undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The form's fields, in the schema's property order. Unknown property types become text fields. */
export function elicitationFields(requestedSchema: Record<string, unknown>): ElicitationField[] {
  const properties = (requestedSchema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(requestedSchema.required) ? (requestedSchema.required as string[]) : []);
  return Object.entries(properties).map(([name, schema]) => {
    const base = {
      name,
      label: typeof schema.title === 'string' && schema.title ? schema.title : name,
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      required: required.has(name),
    };
    const withDefault = (field: ElicitationField): ElicitationField =>
      schema.default !== undefined ? { ...field, default: schema.default as ElicitationValue } : field;
    if (schema.type === 'array') {
      const items = (schema.items ?? {}) as Schema;
      return withDefault({
        ...base,
        kind: 'multi-choice',
        options: optionsOf(items) ?? [],
        ...(num(schema.minItems) !== undefined ? { minItems: num(schema.minItems) } : {}),
        ...(num(schema.maxItems) !== undefined ? { maxItems: num(schema.maxItems) } : {}),
      });
    }
    const options = optionsOf(schema);
    if (options) return withDefault({ ...base, kind: 'choice', options });
    if (schema.type === 'boolean') return withDefault({ ...base, kind: 'boolean' });
    if (schema.type === 'number' || schema.type === 'integer') {
      return withDefault({
        ...base,
        kind: schema.type,
        ...(num(schema.minimum) !== undefined ? { minimum: num(schema.minimum) } : {}),
        ...(num(schema.maximum) !== undefined ? { maximum: num(schema.maximum) } : {}),
      });
    }
    return withDefault({
      ...base,
      kind: 'text',
      ...(typeof schema.format === 'string' ? { format: schema.format } : {}),
      ...(num(schema.minLength) !== undefined ? { minLength: num(schema.minLength) } : {}),
      ...(num(schema.maxLength) !== undefined ? { maxLength: num(schema.maxLength) } : {}),
    });
  });
}

/**
 * Checks a filled-in form against its fields: the values to send, or a message per field that
 * is wrong (named by the field's label). Empty optional fields are left out.
 */
export function checkElicitationAnswer(
  fields: readonly ElicitationField[],
  values: Record<string, unknown>,
): Result<Record<string, ElicitationValue>, Record<string, string>> {
  const content: Record<string, ElicitationValue> = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (field.required && field.kind !== 'boolean') problems[field.name] = `${field.label} is required.`;
      else if (field.kind === 'boolean' && field.required) content[field.name] = false;
      continue;
    }
    const problem = checkValue(field, value);
    if (problem) problems[field.name] = `${field.label} ${problem}`;
    else content[field.name] = coerce(field, value);
  }
  return Object.keys(problems).length ? err(problems) : ok(content);
}

function coerce(field: ElicitationField, value: unknown): ElicitationValue {
  if (field.kind === 'number' || field.kind === 'integer') return Number(value);
  if (field.kind === 'boolean') return value === true || value === 'true';
  if (field.kind === 'multi-choice') return (value as unknown[]).map(String);
  return String(value);
}

function checkValue(field: ElicitationField, value: unknown): string | null {
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const n = Number(value);
      if (typeof value === 'boolean' || !Number.isFinite(n)) return 'must be a number.';
      if (field.kind === 'integer' && !Number.isInteger(n)) return 'must be a whole number.';
      if (field.minimum !== undefined && n < field.minimum) return `must be at least ${field.minimum}.`;
      if (field.maximum !== undefined && n > field.maximum) return `must be at most ${field.maximum}.`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? null : 'must be yes or no.';
    case 'choice':
      return field.options!.some((o) => o.value === String(value)) ? null : 'must be one of the choices.';
    case 'multi-choice': {
      if (!Array.isArray(value)) return 'must be a list of choices.';
      if (value.some((v) => !field.options!.some((o) => o.value === String(v))))
        return 'must only hold the offered choices.';
      if (field.minItems !== undefined && value.length < field.minItems) return `needs at least ${field.minItems}.`;
      if (field.maxItems !== undefined && value.length > field.maxItems) return `allows at most ${field.maxItems}.`;
      return null;
    }
    default: {
      const text = String(value);
      if (field.minLength !== undefined && text.length < field.minLength)
        return `needs at least ${field.minLength} characters.`;
      if (field.maxLength !== undefined && text.length > field.maxLength)
        return `allows at most ${field.maxLength} characters.`;
      if (field.format === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return 'must be an email address.';
      if (field.format === 'uri' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(text)) return 'must be a URL.';
      if (field.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'must be a date (YYYY-MM-DD).';
      if (field.format === 'date-time' && Number.isNaN(Date.parse(text))) return 'must be a date and time.';
      return null;
    }
  }
}
