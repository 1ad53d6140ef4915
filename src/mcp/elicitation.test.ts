import { describe, expect, it } from 'vitest';
import { checkElicitationAnswer, elicitationFields } from './elicitation';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Name', minLength: 2 },
    email: { type: 'string', format: 'email' },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    agree: { type: 'boolean', default: false },
    color: {
      type: 'string',
      oneOf: [
        { const: 'r', title: 'Red' },
        { const: 'g', title: 'Green' },
      ],
    },
    pets: { type: 'array', items: { enum: ['cat', 'dog'] }, maxItems: 1 },
  },
  required: ['name', 'agree'],
};

describe('elicitation forms', () => {
  it('turn the requested schema into labelled fields', () => {
    const fields = elicitationFields(schema);
    expect(fields.map((f) => [f.name, f.kind, f.label, f.required])).toEqual([
      ['name', 'text', 'Name', true],
      ['email', 'text', 'email', false],
      ['age', 'integer', 'age', false],
      ['agree', 'boolean', 'agree', true],
      ['color', 'choice', 'color', false],
      ['pets', 'multi-choice', 'pets', false],
    ]);
    expect(fields[4].options).toEqual([
      { value: 'r', label: 'Red' },
      { value: 'g', label: 'Green' },
    ]);
  });

  it('check answers, naming each wrong field by its label, and coerce what a form sends', () => {
    const fields = elicitationFields(schema);
    expect(checkElicitationAnswer(fields, { name: 'Al', age: '42', agree: true, color: 'g', pets: ['cat'] })).toEqual({
      ok: true,
      value: { name: 'Al', age: 42, agree: true, color: 'g', pets: ['cat'] },
    });
    expect(
      checkElicitationAnswer(fields, { name: 'A', email: 'nope', age: 4.5, color: 'b', pets: ['cat', 'dog'] }),
    ).toEqual({
      ok: false,
      error: {
        name: 'Name needs at least 2 characters.',
        email: 'email must be an email address.',
        age: 'age must be a whole number.',
        color: 'color must be one of the choices.',
        pets: 'pets allows at most 1.',
      },
    });
  });
});
