import { describe, expect, test } from 'vitest';
import { crossCheck, type LessonSource } from '../../src/content/checks.js';
import { parseLessonSource, parseTracksSource } from '../../src/content/parse.js';
import { formatProblem } from '../../src/content/problems.js';
import { makeLesson, tracks } from '../support/lessons.js';

const file = 'content/lessons/security/sample-lesson.yaml';

const validYaml = `id: sample-lesson
title: A sample lesson
track: security
level: junior
summary: What this lesson teaches.
sections:
  - id: intro
    title: Intro
    body: Hello.
questions:
  - id: pick
    type: single
    prompt: Pick one
    choices: [Yes, No]
    answer: 0
    explanation: Because.
`;

const problemsOf = (yaml: string) => parseLessonSource(file, yaml).problems.map(formatProblem);

describe('reading one lesson file', () => {
  test('GIVEN a valid lesson THEN it parses with defaults for the optional lists', () => {
    const parsed = parseLessonSource(file, validYaml);
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toMatchObject({ id: 'sample-lesson', recall: [], related: [] });
  });

  test.each([
    [
      'an unknown key on a question',
      validYaml.replace('    answer: 0\n', '    answer: 0\n    hint: look closely\n'),
      `${file}:16:5 questions[0].hint: unknown key "hint"`,
    ],
    ['an unknown top-level key', `${validYaml}difficulty: easy\n`, `${file}:17:1 difficulty: unknown key "difficulty"`],
    ['a missing title', validYaml.replace('title: A sample lesson\n', ''), `${file}:1:1 title: is required`],
    ['a level outside the three', validYaml.replace('level: junior', 'level: expert'), `${file}:4:1 level: should be one of "junior", "middle", "senior"`],
    ['an unknown question type', validYaml.replace('type: single', 'type: essay'), `${file}:12:5 questions[0].type: should be one of "single", "multi", "truefalse", "order"`],
    ['an answer that is text', validYaml.replace('answer: 0', 'answer: Yes'), `${file}:15:5 questions[0].answer: should be a number`],
    ['an id with spaces', validYaml.replace('id: sample-lesson', 'id: Sample Lesson'), `${file}:1:1 id: use lowercase letters`],
    ['a button label over 80 characters', validYaml.replace('[Yes, No]', `[Yes, ${'n'.repeat(81)}]`), `${file}:14:20 questions[0].choices[1]: a choice (a button label) holds at most 80 characters`],
    [
      'a source with a plain http address',
      `${validYaml}sources:\n  - title: RFC 6749\n    url: http://www.rfc-editor.org/rfc/rfc6749\n`,
      `${file}:19:5 sources[0].url: give an https:// address`,
    ],
    [
      'six sources',
      `${validYaml}sources:\n${'  - title: A spec\n    url: https://example.org/spec\n'.repeat(6)}`,
      `${file}:17:1 sources: list at most 5 sources`,
    ],
    ['a keyword over 40 characters', `${validYaml}keywords: [${'k'.repeat(41)}]\n`, `${file}:17:12 keywords[0]: a keyword holds at most 40 characters`],
    ['a YAML syntax error', validYaml.replace('summary: What', 'summary: [What'), `${file}:`],
  ])('GIVEN %s THEN the problem names file:line:col and the field', (_case, yaml, expected) => {
    const problems = problemsOf(yaml);
    expect(problems.some((line) => line.startsWith(expected))).toBe(true);
  });

  test('GIVEN an unknown key THEN the lesson is still read, so other mistakes are reported in the same run', () => {
    const parsed = parseLessonSource(file, `${validYaml.replace('answer: 0', 'answer: 5')}difficulty: easy\n`);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.value?.questions[0]).toMatchObject({ answer: 5 });
  });

  test('GIVEN a duplicated key THEN it is reported rather than silently overwritten', () => {
    expect(problemsOf(`${validYaml}title: Again\n`).join('\n')).toMatch(/:17:1 Map keys must be unique/);
  });
});

const source = (lesson = makeLesson(), at = file): LessonSource => ({ file: at, lesson, locate: () => ({ line: 1, col: 1 }) });
const tracksSource = { file: 'content/tracks.yaml', tracks, locate: () => ({ line: 1, col: 1 }) };
const check = (...sources: LessonSource[]) =>
  crossCheck(sources, tracksSource)
    .filter((problem) => problem.severity === 'error')
    .map((problem) => `${problem.field}: ${problem.message}`);

describe('checks across fields and files', () => {
  test('GIVEN a consistent lesson THEN there is nothing to report', () => {
    expect(check(source())).toEqual([]);
  });

  test.each([
    ['a single answer past the last choice', makeLesson({ questions: [{ id: 'q', type: 'single', prompt: 'p', choices: ['a', 'b'], answer: 2, explanation: 'e' }] }), 'questions[0].answer: answer index 2 is out of range: there are 2 choices, numbered 0 to 1'],
    ['a multi answer past the last choice', makeLesson({ questions: [{ id: 'q', type: 'multi', prompt: 'p', choices: ['a', 'b'], answers: [0, 3], explanation: 'e' }] }), 'questions[0].answers[1]: answer index 3 is out of range'],
    ['a multi answer listed twice', makeLesson({ questions: [{ id: 'q', type: 'multi', prompt: 'p', choices: ['a', 'b'], answers: [1, 1], explanation: 'e' }] }), 'questions[0].answers[1]: choice 1 is listed twice'],
    ['a repeated choice', makeLesson({ questions: [{ id: 'q', type: 'single', prompt: 'p', choices: ['a', 'a'], answer: 0, explanation: 'e' }] }), 'questions[0].choices[1]: the choice "a" appears twice'],
    ['a question pointing at a missing section', makeLesson({ questions: [{ id: 'q', type: 'truefalse', prompt: 'p', answer: true, explanation: 'e', section: 'nowhere' }] }), 'questions[0].section: no section of this lesson has the id "nowhere"'],
    ['two questions with one id', makeLesson({ questions: [{ id: 'q', type: 'truefalse', prompt: 'p', answer: true, explanation: 'e' }, { id: 'q', type: 'truefalse', prompt: 'p2', answer: false, explanation: 'e' }] }), 'questions[1].id: question id "q" is used twice'],
    ['a related lesson that does not exist', makeLesson({ related: ['ghost'] }), 'related[0]: no lesson has the id "ghost"'],
    ['a lesson related to itself', makeLesson({ related: ['sample-lesson'] }), 'related[0]: a lesson cannot be related to itself'],
    ['an unknown track', makeLesson({ track: 'cooking' }), 'track: unknown track "cooking"'],
  ])('GIVEN %s THEN it is reported', (_case, lesson, expected) => {
    expect(check(source(lesson)).some((line) => line.startsWith(expected))).toBe(true);
  });

  test('GIVEN a valid lesson below the house minimums THEN it gets warnings, not errors', () => {
    const problems = crossCheck([source(makeLesson({ pages: 2 }))], tracksSource);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.severity === 'warning')).toBe(true);
  });

  test('GIVEN two files with the same lesson id THEN the second is reported with the first one named', () => {
    const other = 'content/lessons/networking/sample-lesson.yaml';
    const problems = check(source(), source(makeLesson({ track: 'networking' }), other));
    expect(problems).toContain(`id: lesson id "sample-lesson" is already used by ${file}`);
  });

  test('GIVEN a file whose name or folder does not match its id and track THEN the expected place is named', () => {
    expect(check(source(makeLesson(), 'content/lessons/networking/misc.yaml'))).toContain(
      'id: a lesson lives at lessons/security/sample-lesson.yaml: the file name is its id, the folder its track',
    );
  });
});

describe('reading tracks.yaml', () => {
  test('GIVEN a track without a description THEN its position is reported', () => {
    const parsed = parseTracksSource('content/tracks.yaml', 'tracks:\n  - id: security\n    title: Security\n');
    expect(parsed.problems.map(formatProblem)).toEqual(['content/tracks.yaml:2:5 tracks[0].description: is required']);
  });
});
