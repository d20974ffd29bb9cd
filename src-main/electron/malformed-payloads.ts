// The battery of malformed IPC payloads every contract call must refuse as validation data:
// wrong types, missing fields, huge strings, deep nesting, prototype-pollution keys, NaN/Infinity,
// functions, dates, symbols. Shared by the gate's unit test and the test over the real studio.

/** A payload nested `levels` objects deep. */
export function nestedPayload(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

export const MALFORMED: readonly [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'hello'],
  ['an array', []],
  ['unknown key', { unexpected: true }],
  ['__proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
  ['constructor key', { constructor: { prototype: { polluted: true } } }],
  ['prototype key', { prototype: 1 }],
  ['deep nesting', nestedPayload(5000)],
  ['huge string', { imageId: 'x'.repeat(5_000_000) }],
  ['NaN', { limit: Number.NaN }],
  ['Infinity', { limit: Number.POSITIVE_INFINITY }],
  ['a function', () => 1],
  ['a Date', new Date()],
  ['symbol key', { [Symbol('s')]: 1 }],
  ['too many values', { paths: Array.from({ length: 50_000 }, () => '/x') }],
];
