const competitionBase = 500;

/**
 * The scoring rules, documented in the README and in /quiz help:
 * a correct answer earns 500, plus up to 500 for speed (linear in the time left); partial
 * credit scales both parts; each consecutive fully correct answer beyond the first adds 10%,
 * capped at 50%. Practice is private and can be retried until it is perfect, so it earns a
 * fifth of the competition base per question, scaled by credit, with no speed bonus or streak:
 * a practice run never outweighs a competition on the same questions, however slow.
 */
export const scoringRules = {
  base: competitionBase,
  speedBonus: 500,
  streakStep: 0.1,
  streakCap: 0.5,
  practiceBase: competitionBase / 5,
} as const;

export interface AnswerScoreInput {
  credit: number;
  correct: boolean;
  /** How long the member took, and how long they had. */
  elapsedMs: number;
  limitMs: number;
  /** Consecutive fully correct answers just before this one. */
  streakBefore: number;
  speedBonus?: boolean;
}

export interface AnswerScore {
  points: number;
  streakAfter: number;
}

export function scoreLiveAnswer(input: AnswerScoreInput): AnswerScore {
  const streakAfter = input.correct ? input.streakBefore + 1 : 0;
  if (input.credit <= 0) return { points: 0, streakAfter };
  const timeLeft = Math.min(1, Math.max(0, 1 - input.elapsedMs / input.limitMs));
  const speed = input.speedBonus === false ? 0 : scoringRules.speedBonus * timeLeft;
  const multiplier = 1 + Math.min(scoringRules.streakCap, scoringRules.streakStep * Math.max(0, streakAfter - 1));
  return { points: Math.round((scoringRules.base + speed) * input.credit * multiplier), streakAfter };
}

export const scorePracticeAnswer = (credit: number) => Math.round(scoringRules.practiceBase * Math.max(0, credit));
