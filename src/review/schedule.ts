import { createEmptyCard, fsrs, Rating, State, type Card, type Grade as FsrsGrade } from 'ts-fsrs';

export const grades = ['again', 'hard', 'good', 'easy'] as const;
export type Grade = (typeof grades)[number];

const ratings: Record<Grade, FsrsGrade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/**
 * FSRS as ts-fsrs implements it, without fuzz (so a schedule is a pure function of the card's
 * history and the time) and without same-day learning steps: members review once a day or so
 * in Discord, so every interval is counted in days.
 */
const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });

/** What is stored per member and card: ts-fsrs's card, with dates as ISO text. */
export interface CardMemory {
  due: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: 'new' | 'learning' | 'review' | 'relearning';
  lastReview: string | null;
}

const stateNames = { [State.New]: 'new', [State.Learning]: 'learning', [State.Review]: 'review', [State.Relearning]: 'relearning' } as const;
const stateValues = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning } as const;

const toMemory = (card: Card): CardMemory => ({
  due: card.due.toISOString(),
  stability: card.stability,
  difficulty: card.difficulty,
  scheduledDays: card.scheduled_days,
  learningSteps: card.learning_steps,
  reps: card.reps,
  lapses: card.lapses,
  state: stateNames[card.state],
  lastReview: card.last_review?.toISOString() ?? null,
});

const toCard = (memory: CardMemory): Card => ({
  due: new Date(memory.due),
  stability: memory.stability,
  difficulty: memory.difficulty,
  elapsed_days: 0,
  scheduled_days: memory.scheduledDays,
  learning_steps: memory.learningSteps,
  reps: memory.reps,
  lapses: memory.lapses,
  state: stateValues[memory.state],
  ...(memory.lastReview ? { last_review: new Date(memory.lastReview) } : {}),
});

/** A card that just joined a deck: due at once. */
export const newCardMemory = (now: Date): CardMemory => toMemory(createEmptyCard(now));

/** The card after one review graded `grade` at `now`. */
export function review(memory: CardMemory, grade: Grade, now: Date): CardMemory {
  return toMemory(scheduler.next(toCard(memory), now, ratings[grade]).card);
}

/** What each grade would do, so the buttons can say "Good · 3 days". */
export function preview(memory: CardMemory, now: Date): Record<Grade, Date> {
  const outcomes = scheduler.repeat(toCard(memory), now);
  return { again: outcomes[Rating.Again].card.due, hard: outcomes[Rating.Hard].card.due, good: outcomes[Rating.Good].card.due, easy: outcomes[Rating.Easy].card.due };
}

/** "in 4 days", "tomorrow", "in 3 months": how long until the next review. */
export function describeWait(from: Date, to: Date): string {
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days < 45) return `in ${days} days`;
  if (days < 365) return `in ${Math.round(days / 30)} months`;
  return `in ${(days / 365).toFixed(1)} years`;
}
