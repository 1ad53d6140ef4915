import { format as nodeFormat, inspect as nodeInspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { format, inspect } from './inspect';

// Node itself is the oracle: console.log in the lite runtime must print what Node prints.

class Point {
  x = 1;
  y = 2;
}
const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;

const values: Array<[string, unknown]> = [
  ['nested objects and arrays', { a: 1, b: 'two', c: [1, 2, 3], d: { e: { f: { g: 1 } } } }],
  ['a long array of numbers, in columns', Array.from({ length: 30 }, (_, i) => i * 7)],
  ['more than 100 items', Array.from({ length: 120 }, (_, i) => i)],
  ['strings that need other quotes', ["it's", 'say "hi"', 'a\nb']],
  [
    'Map and Set',
    [
      new Map<unknown, unknown>([
        ['a', 1],
        ['b', { x: [1, 2] }],
      ]),
      new Set([1, 'a']),
    ],
  ],
  ['class instances and null prototypes', [new Point(), Object.assign(Object.create(null), { a: 1 })]],
  ['circular references', circular],
  ['primitives', [undefined, null, -0, 10n, Symbol('s'), true]],
  ['odd keys, symbols and functions', { 'a-b': 1, [Symbol('k')]: 2, f() {}, g: () => 1, h: class A {} }],
  ['dates and regexps', [new Date(0), /x+/gi]],
  ['an object too wide for one line', { long: 'x'.repeat(70), other: 'y'.repeat(20) }],
  ['depth beyond two', [[1, [2, [3, [4, [5]]]]]]],
  ['typed arrays', new Uint8Array([1, 2, 3])],
  [
    'records',
    {
      users: [
        { name: 'Ada', age: 36 },
        { name: 'Linus', age: 54 },
      ],
      total: 2,
    },
  ],
];

describe('inspect prints what Node prints', () => {
  it.each(values)('%s', (_name, value) => {
    expect(inspect(value)).toBe(nodeInspect(value));
  });

  it.each([
    [['%s is %d years', 'Ada', 36]],
    [['a', 1, { b: 2 }]],
    [['%j', { a: 1 }]],
    [['100%%', 1]],
    [[1, 'x']],
    [['%s', { a: 1 }]],
    [['%i and %f', '42.5', '1.5']],
  ])('format(%j)', (args) => {
    expect(format(...(args as unknown[]))).toBe(nodeFormat(...(args as unknown[])));
  });
});
