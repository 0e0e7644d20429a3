import { count } from './problems.js';
import type { FieldPath } from './problems.js';
import type { Lesson } from './schema.js';

/** What makes a lesson worth a learner's time; below these, content:check warns. */
export const lessonMinimums = {
  sections: { min: 4, max: 7 },
  questions: 6,
  recallCards: 3,
  sources: 1,
} as const;

export interface Shortfall {
  path: FieldPath;
  message: string;
}

/** Pure: the ways a valid lesson falls short of the house minimums. */
export function lessonShortfalls(lesson: Lesson): Shortfall[] {
  const shortfalls: Shortfall[] = [];
  const { sections, questions, recallCards } = lessonMinimums;
  if (lesson.sections.length < sections.min || lesson.sections.length > sections.max) {
    shortfalls.push({
      path: ['sections'],
      message: `has ${count(lesson.sections.length, 'section')}; a lesson reads best in ${sections.min} to ${sections.max}`,
    });
  }
  if (lesson.questions.length < questions) {
    shortfalls.push({ path: ['questions'], message: `has ${count(lesson.questions.length, 'question')}; give at least ${questions}` });
  }
  if (!lesson.questions.some((question) => question.type === 'order' || question.type === 'multi')) {
    shortfalls.push({ path: ['questions'], message: 'has no "order" or "multi" question; include at least one' });
  }
  if (lesson.recall.length < recallCards) {
    shortfalls.push({ path: ['recall'], message: `has ${count(lesson.recall.length, 'recall card')}; give at least ${recallCards}` });
  }
  if (lesson.sources.length < lessonMinimums.sources) {
    shortfalls.push({ path: ['sources'], message: 'lists no sources: name the specifications or documentation its facts come from' });
  }
  lesson.questions.forEach((question, index) => {
    if (question.section === undefined) {
      shortfalls.push({ path: ['questions', index, 'section'], message: 'is missing: name the section that teaches this' });
    }
  });
  return shortfalls;
}
