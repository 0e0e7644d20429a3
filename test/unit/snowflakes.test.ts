import { describe, expect, test } from 'vitest';
import { firstSnowflakeAt } from '../../src/store/snowflakes.js';

describe('the lowest snowflake Discord can make at a moment', () => {
  // The example of Discord's reference: id 175928847299117063 was made at 1462015105796 ms.
  const id = 175928847299117063n;
  const madeAt = 1462015105796;

  test('GIVEN the millisecond an id was made THEN it is that id with its low 22 bits cleared', () => {
    expect(firstSnowflakeAt(new Date(madeAt))).toBe((id >> 22n) << 22n);
  });

  test.each([
    [madeAt - 1, 'above'],
    [madeAt, 'above'],
    [madeAt + 1, 'below'],
  ])('GIVEN the lowest snowflake of %d ms THEN the example id is %s it', (ms, side) => {
    expect(id < firstSnowflakeAt(new Date(ms)) ? 'below' : 'above').toBe(side);
  });

  test("GIVEN a moment before Discord's epoch THEN it is zero, below every id", () => {
    expect(firstSnowflakeAt(new Date(0))).toBe(0n);
  });
});
