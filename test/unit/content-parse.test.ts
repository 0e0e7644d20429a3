import { describe, expect, test } from 'vitest';
import { crossCheck, type LessonSource } from '../../src/content/checks.js';
import { parseLessonSource, parseTracksSource } from '../../src/content/parse.js';
import { count, formatProblem } from '../../src/content/problems.js';
import { contentReport } from '../../src/content/report.js';
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
      `${file}:16:5 error questions[0].hint: unknown key "hint"`,
    ],
    ['an unknown top-level key', `${validYaml}difficulty: easy\n`, `${file}:17:1 error difficulty: unknown key "difficulty"`],
    ['a missing title', validYaml.replace('title: A sample lesson\n', ''), `${file}:1:1 error title: is required`],
    ['a level outside the three', validYaml.replace('level: junior', 'level: expert'), `${file}:4:1 error level: should be one of "junior", "middle", "senior"`],
    ['an unknown question type', validYaml.replace('type: single', 'type: essay'), `${file}:12:5 error questions[0].type: should be one of "single", "multi", "truefalse", "order"`],
    ['an answer that is text', validYaml.replace('answer: 0', 'answer: Yes'), `${file}:15:5 error questions[0].answer: should be a number`],
    ['an id with spaces', validYaml.replace('id: sample-lesson', 'id: Sample Lesson'), `${file}:1:1 error id: use lowercase letters`],
    ['a button label over 80 characters', validYaml.replace('[Yes, No]', `[Yes, ${'n'.repeat(81)}]`), `${file}:14:20 error questions[0].choices[1]: a choice (a button label) holds at most 80 characters`],
    [
      'a source with a plain http address',
      `${validYaml}sources:\n  - title: RFC 6749\n    url: http://www.rfc-editor.org/rfc/rfc6749\n`,
      `${file}:19:5 error sources[0].url: give an https:// address`,
    ],
    [
      'six sources',
      `${validYaml}sources:\n${'  - title: A spec\n    url: https://example.org/spec\n'.repeat(6)}`,
      `${file}:17:1 error sources: list at most 5 sources`,
    ],
    ['a keyword over 40 characters', `${validYaml}keywords: [${'k'.repeat(41)}]\n`, `${file}:17:12 error keywords[0]: a keyword holds at most 40 characters`],
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
    expect(problemsOf(`${validYaml}title: Again\n`).join('\n')).toMatch(/:17:1 error: "title" is given twice in the same place \(Map keys must be unique\)/);
  });
});

const multiYaml = validYaml.replace(
  '    type: single\n    prompt: Pick one\n    choices: [Yes, No]\n    answer: 0\n',
  '    type: multi\n    prompt: Pick one\n    choices:\n      - Yes\n      - No\n      - Maybe\n    answers: [0]\n',
);

describe('YAML mistakes in one plain line', () => {
  test.each([
    [
      'one dedented line inside a question (seven parser errors)',
      multiYaml.replace('    type: multi', '  type: multi'),
      `${file}:12:1 error: this line is indented 2 spaces, the line above 4 spaces: keys of one item start in the same column, so indent it by 4`,
    ],
    [
      'a section key dedented under its list item',
      validYaml.replace('    title: Intro', '  title: Intro'),
      `${file}:8:1 error: this line is indented 2 spaces, the line above 4 spaces`,
    ],
    [
      'a colon in an unquoted title',
      validYaml.replace('title: A sample lesson', 'title: OAuth: a sample lesson'),
      `${file}:2:8 error: the text after "title:" contains ": ", which YAML reads as a new key; put the text in double quotes: title: "OAuth: a sample lesson"`,
    ],
    [
      'a colon in an unquoted section title',
      validYaml.replace('    title: Intro', '    title: Intro: the start'),
      `${file}:8:12 error: the text after "title:" contains ": "`,
    ],
    ['a tab for indentation', validYaml.replace('    title: Intro', '\ttitle: Intro'), `${file}:8:1 error: this line is indented with a tab; YAML needs spaces`],
  ])('GIVEN %s THEN one problem says where and what to do, not the parser\'s cascade', (_case, yaml, expected) => {
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
    expect(problems[0]).not.toContain('compact mappings');
  });

  test('GIVEN an over-indented choice THEN a warning says it was read as part of the choice above', () => {
    const parsed = parseLessonSource(file, multiYaml.replace('      - No', '        - No'));
    expect(parsed.value?.questions[0]).toMatchObject({ choices: ['Yes - No', 'Maybe'] });
    expect(parsed.problems.map(formatProblem)).toEqual([
      `${file}:16:9 warning questions[0].choices[0]: reads as one item, "Yes - No": the "- " on this line is indented deeper than the items above, so it continues the one before it. If it is an item of its own, start its "-" in the same column as the others`,
    ]);
  });

  test('GIVEN a choice that contains " - " on one line THEN nothing is reported', () => {
    expect(problemsOf(multiYaml.replace('      - No', '      - now() - interval'))).toEqual([]);
  });

  test.each([
    ['answer: A', validYaml.replace('answer: 0', 'answer: A'), 'questions[0].answer: should be a number: answers count from 0, so the first choice is 0 and the second 1 (choice A is 0)'],
    ['answers: [A, C]', multiYaml.replace('answers: [0]', 'answers: [A, C]'), 'questions[0].answers[1]: should be a number: answers count from 0, so the first choice is 0 and the second 1 (choice C is 2)'],
  ])('GIVEN %s THEN the problem says answers count from 0', (_case, yaml, expected) => {
    expect(problemsOf(yaml).some((line) => line.includes(expected))).toBe(true);
  });

  test.each([
    ['a choice with an unquoted ": "', multiYaml.replace('      - No', '      - No: never'), 'questions[0].choices[1]: should be a string: YAML read "No: never" as a key and a value because of the ": "; put the whole text in double quotes'],
  ])('GIVEN %s THEN the problem says to quote it', (_case, yaml, expected) => {
    expect(problemsOf(yaml).some((line) => line.includes(expected))).toBe(true);
  });
});

describe('the content report', () => {
  test('GIVEN warnings and errors in several files THEN errors come first, each tagged, and counts read as words', () => {
    const report = contentReport([
      { file: 'content/lessons/a/a.yaml', line: 3, col: 1, field: 'recall', message: `has ${count(1, 'recall card')}; give at least 3`, severity: 'warning' },
      { file: 'content/lessons/b/b.yaml', line: 9, col: 5, field: 'questions[0].answer', message: 'answer index 4 is out of range', severity: 'error' },
    ]);
    expect(report.split('\n')).toEqual([
      'content/lessons/b/b.yaml:9:5 error questions[0].answer: answer index 4 is out of range',
      'content/lessons/a/a.yaml:3:1 warning recall: has 1 recall card; give at least 3',
      '1 error, 1 warning.',
    ]);
  });

  test('GIVEN a lesson with one recall card and one question THEN the minimums say "1 recall card" and "1 question"', () => {
    const messages = crossCheck([source(makeLesson({ recall: [{ id: 'c', prompt: 'p', answer: 'a' }] }))], tracksSource).map((problem) => problem.message);
    expect(messages).toContain('has 1 recall card; give at least 3');
    expect(messages).toContain('has 1 question; give at least 6');
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
      'id: id "sample-lesson" and track "security" imply the file lessons/security/sample-lesson.yaml, but this file is lessons/networking/misc.yaml (a lesson\'s file name is its id and its folder its track; ids of published lessons never change)',
    );
  });
});

describe('reading tracks.yaml', () => {
  test('GIVEN a track without a description THEN its position is reported', () => {
    const parsed = parseTracksSource('content/tracks.yaml', 'tracks:\n  - id: security\n    title: Security\n');
    expect(parsed.problems.map(formatProblem)).toEqual(['content/tracks.yaml:2:5 error tracks[0].description: is required']);
  });
});
