import type { Catalogue } from './catalogue.js';
import { formatProblem, type ContentProblem } from './problems.js';

export function contentReport(problems: readonly ContentProblem[]): string {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const lines = problems.map(formatProblem);
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`);
  return lines.join('\n');
}

export function inventory(catalogue: Catalogue): string {
  const questions = catalogue.lessons().reduce((sum, lesson) => sum + lesson.questions.length, 0);
  const cards = catalogue.lessons().reduce((sum, lesson) => sum + lesson.recall.length, 0);
  return `${plural(catalogue.size, 'lesson')} in ${plural(catalogue.tracks.length, 'track')}, ${plural(questions, 'question')}, ${plural(cards, 'recall card')}.`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
