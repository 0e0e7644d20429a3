import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { quizHelpView } from '../../src/discord/quiz/help-view.js';
import { scoreLiveAnswer, scorePracticeAnswer, scoringRules } from '../../src/quiz/scoring.js';

describe('practice scoring', () => {
  test('GIVEN the rules THEN practice pays a fifth of the competition base per question', () => {
    expect(scoringRules.practiceBase * 5).toBe(scoringRules.base);
  });

  test.each([
    { answer: 'a fully right answer', credit: 1, points: 100 },
    { answer: 'two thirds right', credit: 2 / 3, points: 67 },
    { answer: 'half right', credit: 0.5, points: 50 },
    { answer: 'one sixth right', credit: 1 / 6, points: 17 },
    { answer: 'a wrong answer', credit: 0, points: 0 },
  ])('GIVEN $answer in practice THEN it earns $points points', ({ credit, points }) => {
    expect(scorePracticeAnswer(credit)).toBe(points);
  });

  const credits = fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 12 }).chain((right) => fc.integer({ min: Math.max(1, right), max: 12 }).map((of) => right / of)));
  const competitionAnswer = fc.record({ credit: credits, elapsedShare: fc.double({ min: 0, max: 2, noNaN: true }), speedBonus: fc.boolean() });

  test('GIVEN any questions and credits THEN practice never pays more than a competition on the same answers at any speed', () => {
    fc.assert(
      fc.property(fc.array(competitionAnswer, { minLength: 1, maxLength: 25 }), fc.integer({ min: 10, max: 120 }), (answers, seconds) => {
        const limitMs = seconds * 1000;
        let streak = 0;
        let competition = 0;
        for (const answer of answers) {
          const scored = scoreLiveAnswer({ credit: answer.credit, correct: answer.credit === 1, elapsedMs: answer.elapsedShare * limitMs, limitMs, streakBefore: streak, speedBonus: answer.speedBonus });
          streak = scored.streakAfter;
          competition += scored.points;
        }
        const practice = answers.reduce((sum, answer) => sum + scorePracticeAnswer(answer.credit), 0);
        expect(practice).toBeLessThanOrEqual(competition);
      }),
      { numRuns: 500 },
    );
  });

  test('GIVEN /quiz help THEN it states the practice rate from the scoring rules', () => {
    const practice = quizHelpView().embeds[0]?.fields?.find((field) => field.name.startsWith('Practice'))?.value;
    expect(practice).toContain(`${scoringRules.practiceBase} points per right answer`);
    expect(practice).toContain('no speed bonus, no streak');
  });
});
