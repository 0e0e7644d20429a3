import type { Catalogue } from './catalogue.js';
import { errorsFirst, formatProblem, type ContentProblem } from './problems.js';
import { levels } from './schema.js';

export function contentReport(problems: readonly ContentProblem[]): string {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const lines = errorsFirst(problems).map(formatProblem);
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`);
  return lines.join('\n');
}

export function inventory(catalogue: Catalogue): string {
  const lessons = catalogue.lessons();
  const questions = lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0);
  const cards = lessons.reduce((sum, lesson) => sum + lesson.recall.length, 0);
  return `${plural(catalogue.size, 'lesson')} in ${plural(catalogue.tracks.length, 'track')}, ${plural(questions, 'question')}, ${plural(cards, 'recall card')}.`;
}

/** Lessons and questions per track and level, for authors planning what to write next. */
export function inventoryTable(catalogue: Catalogue): string {
  const header = ['track', ...levels, 'questions', 'recall cards'];
  const rows = catalogue.tracks.map((track) => {
    const lessons = catalogue.lessons({ track: track.id });
    return [
      track.title,
      ...levels.map((level) => String(lessons.filter((lesson) => lesson.level === level).length)),
      String(lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0)),
      String(lessons.reduce((sum, lesson) => sum + lesson.recall.length, 0)),
    ];
  });
  const all = catalogue.lessons();
  rows.push([
    'all tracks',
    ...levels.map((level) => String(all.filter((lesson) => lesson.level === level).length)),
    String(all.reduce((sum, lesson) => sum + lesson.questions.length, 0)),
    String(all.reduce((sum, lesson) => sum + lesson.recall.length, 0)),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
