import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { displayValue, jsonPrefix, type JsonValue } from '../../../src/tokens/json.js';

describe('one line for a decoded value', () => {
  test('GIVEN any JSON value and any length THEN the bounded writer gives JSON.stringify\'s first characters', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(300), (value, limit) => {
        const full = JSON.stringify(value);
        expect(jsonPrefix(JSON.parse(full) as JsonValue, limit)).toBe(full.slice(0, limit));
      }),
      { numRuns: 2000 },
    );
  });

  test('GIVEN arrays nested thousands deep THEN the start is shown, cut with an ellipsis', () => {
    const deep = JSON.parse(`${'['.repeat(6000)}${']'.repeat(6000)}`) as JsonValue;
    expect(displayValue(deep, 20)).toBe(`${'['.repeat(19)}…`);
  });

  test('GIVEN a key called __proto__ THEN it is written like any other key', () => {
    expect(displayValue(JSON.parse('{"__proto__":{"a":1}}') as JsonValue)).toBe('{"__proto__":{"a":1}}');
  });
});
