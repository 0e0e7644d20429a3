import { describe, expect, test } from 'vitest';
import type { Question } from '../../src/content/schema.js';
import { describeAnswer, grade, type Response } from '../../src/quiz/grading.js';
import { scoreLiveAnswer } from '../../src/quiz/scoring.js';
import { displayedSteps, seededPermutation } from '../../src/quiz/shuffle.js';
import { rankPlayers, teamTotals } from '../../src/quiz/standings.js';

const base = { id: 'q', prompt: 'p', explanation: 'e' };
const single: Question = { ...base, type: 'single', choices: ['a', 'b', 'c'], answer: 1 };
const truefalse: Question = { ...base, type: 'truefalse', answer: false };
const multi: Question = { ...base, type: 'multi', choices: ['a', 'b', 'c', 'd', 'e'], answers: [0, 2, 3] };
const order: Question = { ...base, type: 'order', steps: ['one', 'two', 'three', 'four'] };

describe('grading', () => {
  test.each<[string, Question, Response, number, boolean]>([
    ['single, right choice', single, { type: 'single', choice: 1 }, 1, true],
    ['single, wrong choice', single, { type: 'single', choice: 0 }, 0, false],
    ['true/false, right', truefalse, { type: 'truefalse', value: false }, 1, true],
    ['true/false, wrong', truefalse, { type: 'truefalse', value: true }, 0, false],
    ['multi, the exact set', multi, { type: 'multi', choices: [3, 0, 2] }, 1, true],
    ['multi, two of three right', multi, { type: 'multi', choices: [0, 2] }, 2 / 3, false],
    ['multi, all right plus one wrong', multi, { type: 'multi', choices: [0, 2, 3, 4] }, 2 / 3, false],
    ['multi, one right one wrong', multi, { type: 'multi', choices: [0, 1] }, 0, false],
    ['multi, more wrong than right (floored)', multi, { type: 'multi', choices: [0, 1, 4] }, 0, false],
    ['multi, everything ticked', multi, { type: 'multi', choices: [0, 1, 2, 3, 4] }, 1 / 3, false],
    ['order, exact', order, { type: 'order', sequence: [0, 1, 2, 3] }, 1, true],
    ['order, last two swapped', order, { type: 'order', sequence: [0, 1, 3, 2] }, 5 / 6, false],
    ['order, reversed', order, { type: 'order', sequence: [3, 2, 1, 0] }, 0, false],
    ['order, first moved to the end', order, { type: 'order', sequence: [1, 2, 3, 0] }, 3 / 6, false],
    ['order, incomplete', order, { type: 'order', sequence: [0, 1, 2] }, 0, false],
    ['order, a step twice', order, { type: 'order', sequence: [0, 1, 1, 2] }, 0, false],
    ['a response of another type', single, { type: 'truefalse', value: true }, 0, false],
  ])('GIVEN %s THEN credit and correctness follow the rules', (_case, question, response, credit, correct) => {
    const result = grade(question, response);
    expect(result.credit).toBeCloseTo(credit, 10);
    expect(result.correct).toBe(correct);
  });

  test('GIVEN a multi question THEN the answer reads as every right choice with its letter', () => {
    expect(describeAnswer(multi)).toBe('A: a\nC: c\nD: d');
  });
});

describe('live scoring', () => {
  const answer = { credit: 1, correct: true, elapsedMs: 0, limitMs: 20_000, streakBefore: 0 };

  test.each([
    ['an instant right answer', answer, 1000],
    ['a right answer at half time', { ...answer, elapsedMs: 10_000 }, 750],
    ['a right answer at the buzzer', { ...answer, elapsedMs: 20_000 }, 500],
    ['a wrong answer', { ...answer, credit: 0, correct: false }, 0],
    ['half credit at half time', { ...answer, credit: 0.5, correct: false, elapsedMs: 10_000 }, 375],
    ['a second correct in a row (+10%)', { ...answer, elapsedMs: 20_000, streakBefore: 1 }, 550],
    ['a fifth correct in a row (+40%)', { ...answer, elapsedMs: 20_000, streakBefore: 4 }, 700],
    ['a tenth correct in a row (capped at +50%)', { ...answer, elapsedMs: 20_000, streakBefore: 9 }, 750],
    ['speed bonus turned off', { ...answer, speedBonus: false }, 500],
  ])('GIVEN %s THEN it scores %i points', (_case, input, points) => {
    expect(scoreLiveAnswer(input).points).toBe(points);
  });

  test('GIVEN a partial answer after a streak THEN the streak resets', () => {
    expect(scoreLiveAnswer({ ...answer, credit: 0.5, correct: false, streakBefore: 3 }).streakAfter).toBe(0);
    expect(scoreLiveAnswer({ ...answer, streakBefore: 3 }).streakAfter).toBe(4);
  });
});

describe('standings', () => {
  test('GIVEN equal points THEN the earlier total answer time ranks first, and a full tie shares the rank', () => {
    const ranked = rankPlayers([
      { userId: 'slow', points: 900, answerTimeMs: 9000, team: null },
      { userId: 'top', points: 1500, answerTimeMs: 20_000, team: null },
      { userId: 'fast', points: 900, answerTimeMs: 3000, team: null },
      { userId: 'twin', points: 900, answerTimeMs: 3000, team: null },
    ]);
    expect(ranked.map(({ rank, entry }) => `${rank}:${entry.userId}`)).toEqual(['1:top', '2:fast', '2:twin', '4:slow']);
  });

  test('GIVEN teams of unequal size THEN each team scores the average of its members', () => {
    const totals = teamTotals(
      [
        { userId: 'a', points: 1000, answerTimeMs: 0, team: 0 },
        { userId: 'b', points: 600, answerTimeMs: 0, team: 1 },
        { userId: 'c', points: 800, answerTimeMs: 0, team: 1 },
        { userId: 'd', points: 1000, answerTimeMs: 0, team: 1 },
      ],
      2,
    );
    expect(totals).toEqual([
      { team: 0, members: 1, points: 1000 },
      { team: 1, members: 3, points: 800 },
    ]);
  });
});

describe('seeded shuffling', () => {
  test('GIVEN the same seed THEN the same permutation, and another seed gives another', () => {
    expect(seededPermutation(10, 'session-a')).toEqual(seededPermutation(10, 'session-a'));
    expect(seededPermutation(10, 'session-a')).not.toEqual(seededPermutation(10, 'session-b'));
    expect([...seededPermutation(10, 'x')].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('GIVEN the same steps written in another order THEN they are shown in the same order', () => {
    const steps = ['Redirect to the provider', 'Sign in and consent', 'Redirect back with a code', 'Exchange the code'];
    const shownTexts = (written: string[], seed: string) => displayedSteps(written, seed).map((index) => written[index]);
    for (const seed of ['a', 'b', 'c', 'd']) {
      const reference = shownTexts(steps, seed);
      expect(shownTexts([...steps].reverse(), seed)).toEqual(reference);
      expect(shownTexts([steps[2]!, steps[0]!, steps[3]!, steps[1]!], seed)).toEqual(reference);
    }
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((seed) => shownTexts(steps, seed).join('|'))).size).toBeGreaterThan(1);
  });
});
