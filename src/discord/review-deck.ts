import type { Catalogue } from '../content/catalogue.js';
import type { Lesson } from '../content/schema.js';
import type { QuizAnswer } from '../store/quiz-store.js';
import type { ReviewStore } from '../store/review-store.js';
import type { ReviewItem } from './views/review.js';

export const recallKey = (lessonId: string, cardId: string) => `r:${lessonId}:${cardId}`;
export const questionKey = (lessonId: string, questionId: string) => `q:${lessonId}:${questionId}`;

/** A finished lesson or quiz: its recall cards, and the questions this member missed, join their deck. */
export function addToDeck(reviews: ReviewStore, place: { guildId: string; userId: string }, lesson: Lesson, missed: readonly QuizAnswer[], at: Date): Promise<number> {
  const cards = [
    ...lesson.recall.map((card) => ({ cardKey: recallKey(lesson.id, card.id), lessonId: lesson.id })),
    ...missed.filter((answer) => !answer.correct).map((answer) => ({ cardKey: questionKey(lesson.id, answer.questionId), lessonId: lesson.id })),
  ];
  return reviews.addCards(place.guildId, place.userId, cards, at);
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
