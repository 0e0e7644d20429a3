import type { Locate } from './parse.js';
import { lessonShortfalls } from './minimums.js';
import { formatFieldPath, type ContentProblem, type FieldPath } from './problems.js';
import type { Lesson, Track } from './schema.js';

export interface LessonSource {
  file: string;
  lesson: Lesson;
  locate: Locate;
}

export interface TracksSource {
  file: string;
  tracks: readonly Track[];
  locate: Locate;
}

/**
 * Rules that span more than one field or file, which the schema alone cannot see.
 * Pure: files were read before, positions come from each file's locator.
 */
export function crossCheck(lessons: readonly LessonSource[], tracksSource: TracksSource | undefined): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const report = (source: { file: string; locate: Locate }, path: FieldPath, message: string) =>
    problems.push({ file: source.file, ...source.locate(path), field: formatFieldPath(path), message, severity: 'error' });

  if (tracksSource) {
    for (const [index, id] of duplicates(tracksSource.tracks.map((track) => track.id))) {
      report(tracksSource, ['tracks', index, 'id'], `track id "${id}" is used twice`);
    }
  }
  const trackIds = new Set(tracksSource?.tracks.map((track) => track.id));
  const lessonIds = new Set(lessons.map((source) => source.lesson.id));
  const firstFileById = new Map<string, string>();

  for (const source of lessons) {
    const { lesson } = source;
    const earlier = firstFileById.get(lesson.id);
    if (earlier) report(source, ['id'], `lesson id "${lesson.id}" is already used by ${earlier}`);
    else firstFileById.set(lesson.id, source.file);

    const expectedEnding = `${lesson.track}/${lesson.id}.yaml`;
    const actualPath = source.file.replaceAll('\\', '/');
    if (!actualPath.endsWith(`/${expectedEnding}`)) {
      const actualEnding = actualPath.split('/').slice(-2).join('/');
      report(
        source,
        ['id'],
        `id "${lesson.id}" and track "${lesson.track}" imply the file lessons/${expectedEnding}, but this file is lessons/${actualEnding} (a lesson's file name is its id and its folder its track; ids of published lessons never change)`,
      );
    }
    if (tracksSource && !trackIds.has(lesson.track)) {
      report(source, ['track'], `unknown track "${lesson.track}" (tracks.yaml names: ${[...trackIds].join(', ')})`);
    }
    lesson.related.forEach((id, index) => {
      if (id === lesson.id) report(source, ['related', index], 'a lesson cannot be related to itself');
      else if (!lessonIds.has(id)) report(source, ['related', index], `no lesson has the id "${id}"`);
    });
    checkLessonInside(lesson, (path, message) => report(source, path, message));
    for (const shortfall of lessonShortfalls(lesson)) {
      problems.push({ file: source.file, ...source.locate(shortfall.path), field: formatFieldPath(shortfall.path), message: shortfall.message, severity: 'warning' });
    }
  }
  return problems;
}

function checkLessonInside(lesson: Lesson, report: (path: FieldPath, message: string) => void): void {
  const sectionIds = new Set(lesson.sections.map((section) => section.id));
  for (const [index, id] of duplicates(lesson.sections.map((section) => section.id))) {
    report(['sections', index, 'id'], `section id "${id}" is used twice in this lesson`);
  }
  for (const [index, id] of duplicates(lesson.questions.map((question) => question.id))) {
    report(['questions', index, 'id'], `question id "${id}" is used twice in this lesson`);
  }
  for (const [index, id] of duplicates(lesson.recall.map((card) => card.id))) {
    report(['recall', index, 'id'], `recall card id "${id}" is used twice in this lesson`);
  }

  lesson.questions.forEach((question, index) => {
    const at = (...rest: (string | number)[]): FieldPath => ['questions', index, ...rest];
    if (question.section !== undefined && !sectionIds.has(question.section)) {
      report(at('section'), `no section of this lesson has the id "${question.section}"`);
    }
    if (question.type === 'single' || question.type === 'multi') {
      for (const [choice, text] of duplicates(question.choices)) {
        report(at('choices', choice), `the choice "${text}" appears twice`);
      }
    }
    if (question.type === 'order') {
      for (const [step, text] of duplicates(question.steps)) report(at('steps', step), `the step "${text}" appears twice`);
    }
    if (question.type === 'single' && question.answer >= question.choices.length) {
      report(at('answer'), outOfRange(question.answer, question.choices.length));
    }
    if (question.type === 'multi') {
      question.answers.forEach((answer, answerIndex) => {
        if (answer >= question.choices.length) report(at('answers', answerIndex), outOfRange(answer, question.choices.length));
      });
      for (const [answerIndex, answer] of duplicates(question.answers)) {
        report(at('answers', answerIndex), `choice ${answer} is listed twice`);
      }
    }
  });
}

const outOfRange = (index: number, count: number) =>
  `answer index ${index} is out of range: there are ${count} choices, numbered 0 to ${count - 1}`;

/** Each later occurrence of a value already seen, with its index. */
function duplicates<T>(values: readonly T[]): [number, T][] {
  const seen = new Set<T>();
  const repeats: [number, T][] = [];
  values.forEach((value, index) => {
    if (seen.has(value)) repeats.push([index, value]);
    seen.add(value);
  });
  return repeats;
}
