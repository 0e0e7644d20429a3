import { describe, expect, test } from 'vitest';
import { mastery, periodRange } from '../../src/leaderboard/periods.js';

const utc = (text: string) => new Date(`${text}Z`);
const seasonStart = utc('2026-09-01T10:00:00');

describe('leaderboard periods in UTC', () => {
  test.each([
    ['week', 'a Wednesday', '2026-11-25T15:00:00', '2026-11-23T00:00:00'],
    ['week', 'a Monday just after midnight', '2026-11-23T00:00:01', '2026-11-23T00:00:00'],
    ['week', 'a Sunday just before midnight', '2026-11-29T23:59:59', '2026-11-23T00:00:00'],
    ['week', 'a week spanning two months', '2026-12-02T08:00:00', '2026-11-30T00:00:00'],
    ['week', 'a week spanning two years', '2027-01-01T12:00:00', '2026-12-28T00:00:00'],
    ['month', 'the last second of a month', '2026-11-30T23:59:59', '2026-11-01T00:00:00'],
    ['month', 'the first second of the next', '2026-12-01T00:00:00', '2026-12-01T00:00:00'],
    ['month', 'a leap day', '2028-02-29T12:00:00', '2028-02-01T00:00:00'],
  ] as const)('GIVEN period %s on %s THEN it starts at the UTC boundary', (period, _case, now, start) => {
    expect(periodRange(period, utc(now), seasonStart)).toEqual({ from: utc(start), to: null });
  });

  test('GIVEN the season period THEN it starts when the season started; all time has no start', () => {
    expect(periodRange('season', utc('2026-11-25T15:00:00'), seasonStart).from).toEqual(seasonStart);
    expect(periodRange('all', utc('2026-11-25T15:00:00'), seasonStart)).toEqual({ from: null, to: null });
  });
});

describe('mastery', () => {
  test.each([
    [0, 10, 0],
    [5, 10, 0.5],
    [10, 10, 1],
    [12, 10, 1],
    [3, 0, 0],
  ])('GIVEN %i of %i questions right THEN mastery is %d', (right, total, expected) => {
    expect(mastery(right, total)).toBe(expected);
  });
});
