import { Validator } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { lazySchemaValidator } from './schema-validator';

describe('output schema validation', () => {
  it('accepts matching structured content and names what is wrong otherwise', () => {
    const check = lazySchemaValidator(Validator).getValidator<{ temperature: number }>({
      type: 'object',
      properties: { temperature: { type: 'number' } },
      required: ['temperature'],
    });
    expect(check({ temperature: 21 })).toEqual({ valid: true, data: { temperature: 21 }, errorMessage: undefined });
    const bad = check({ temperature: 'warm' });
    expect(bad.valid).toBe(false);
    expect(bad.errorMessage).toContain('#/temperature');
  });
});
