import type { Catalogue } from '../content/catalogue.js';
import type { Lesson } from '../content/schema.js';
import type { QuizAnswer } from '../store/quiz-store.js';
import type { ReviewStore } from '../store/review-store.js';
import type { ReviewItem } from './views/review.js';

export const recallKey = (lessonId: string, cardId: string) => `r:${lessonId}:${cardId}`;
export const questionKey = (lessonId: string, questionId: string) => `q:${lessonId}:${questionId}`;

/** A finished lesson or quiz: its recall cards, and the questions this member missed, join their deck. */
export function addToDeck(reviews: ReviewStore, place: { guildId: string; userId: string }, lesson: Lesson, missed: readonly QuizAnswer[], at: Date): Promise<number> {
  return reviews.addCards(place.guildId, place.userId, deckCards(lesson, missed.filter((answer) => !answer.correct).map((answer) => answer.questionId)), at);
}

/** The cards a finished lesson or quiz brings a member: the lesson's recall cards, then each question they got wrong. */
export function deckCards(lesson: Lesson, missedQuestionIds: readonly string[]): { cardKey: string; lessonId: string }[] {
  return [
    ...lesson.recall.map((card) => ({ cardKey: recallKey(lesson.id, card.id), lessonId: lesson.id })),
    ...missedQuestionIds.map((questionId) => ({ cardKey: questionKey(lesson.id, questionId), lessonId: lesson.id })),
  ];
}

/** The lesson and card a key names, if the content still has them. */
export function resolveCard(catalogue: Catalogue, cardKey: string): { lesson: Lesson; item: ReviewItem } | undefined {
  const [kind, lessonId, id] = cardKey.split(':');
  const lesson = lessonId ? catalogue.lesson(lessonId) : undefined;
  if (!lesson) return undefined;
  if (kind === 'r') {
    const card = lesson.recall.find((candidate) => candidate.id === id);
    return card && { lesson, item: { kind: 'recall', card } };
  }
  const question = lesson.questions.find((candidate) => candidate.id === id);
  return question && { lesson, item: { kind: 'question', question } };
}
