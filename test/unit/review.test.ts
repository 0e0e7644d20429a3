import { describe, expect, test } from 'vitest';
import { describeWait, newCardMemory, preview, review, type CardMemory, type Grade } from '../../src/review/schedule.js';
import { currentStreak } from '../../src/review/streak.js';

const start = new Date('2026-11-01T09:00:00Z');
const days = (n: number) => new Date(start.getTime() + n * 86_400_000);
const daysBetween = (a: Date | string, b: Date | string) => Math.round((new Date(b).getTime() - new Date(a).getTime()) / 86_400_000);

/** Reviews a new card with each grade on the day it is due; returns the intervals in days. */
function intervals(grades: Grade[], lateByDays = 0): number[] {
  let memory: CardMemory = newCardMemory(start);
  let now = start;
  const result: number[] = [];
  for (const grade of grades) {
    memory = review(memory, grade, now);
    result.push(daysBetween(now, memory.due));
    now = new Date(new Date(memory.due).getTime() + lateByDays * 86_400_000);
  }
  return result;
}

describe('spaced repetition (FSRS through ts-fsrs)', () => {
  test('GIVEN a new card THEN it is due at once, and each grade schedules it further out', () => {
    const memory = newCardMemory(start);
    expect(new Date(memory.due)).toEqual(start);
    const next = preview(memory, start);
    expect(next.again.getTime()).toBeLessThanOrEqual(next.hard.getTime());
    expect(next.hard.getTime()).toBeLessThan(next.good.getTime());
    expect(next.good.getTime()).toBeLessThan(next.easy.getTime());
  });

  test('GIVEN the same history and time THEN the same schedule: it is a pure function', () => {
    expect(intervals(['good', 'good', 'hard', 'easy'])).toEqual(intervals(['good', 'good', 'hard', 'easy']));
  });

  test('GIVEN consecutive Easy answers THEN each interval is longer than the last', () => {
    const easy = intervals(['easy', 'easy', 'easy', 'easy']);
    for (let index = 1; index < easy.length; index += 1) expect(easy[index]).toBeGreaterThan(easy[index - 1] as number);
  });

  test('GIVEN a lapse after several good reviews THEN the card comes back soon and counts the lapse', () => {
    let memory = newCardMemory(start);
    let now = start;
    for (const grade of ['good', 'good', 'good'] as const) {
      memory = review(memory, grade, now);
      now = new Date(memory.due);
    }
    const before = daysBetween(now, review(memory, 'good', now).due);
    const lapsed = review(memory, 'again', now);
    expect(lapsed.lapses).toBe(1);
    expect(daysBetween(now, lapsed.due)).toBeLessThan(before);
  });

  test('GIVEN a review done late and recalled anyway THEN the next interval is longer than on time', () => {
    const onTime = intervals(['good', 'good', 'good']);
    const late = intervals(['good', 'good', 'good'], 10);
    expect(late.at(-1)).toBeGreaterThan(onTime.at(-1) as number);
  });

  test.each([
    [0, 'today'],
    [1, 'tomorrow'],
    [4, 'in 4 days'],
    [90, 'in 3 months'],
  ])('GIVEN a wait of %i days THEN it reads "%s"', (wait, words) => {
    expect(describeWait(start, days(wait))).toBe(words);
  });
});

describe('daily streaks in UTC', () => {
  const now = new Date('2026-11-28T10:00:00Z');
  test.each([
    ['no activity', [], 0],
    ['only today', ['2026-11-28'], 1],
    ['yesterday and the two days before, not yet today', ['2026-11-27', '2026-11-26', '2026-11-25'], 3],
    ['a gap of one day', ['2026-11-28', '2026-11-26'], 1],
    ['the last activity two days ago', ['2026-11-26', '2026-11-25'], 0],
    ['a streak across a month boundary', ['2026-11-28', '2026-11-27', '2026-11-01', '2026-10-31'], 2],
  ])('GIVEN %s THEN the streak is %i', (_case, active, streak) => {
    expect(currentStreak(active, now)).toBe(streak);
  });

  test('GIVEN activity late on one UTC day and early the next THEN they count as two days', () => {
    expect(currentStreak(['2026-12-31', '2027-01-01'], new Date('2027-01-01T00:30:00Z'))).toBe(2);
  });
});
