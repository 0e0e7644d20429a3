import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { contentJsonSchemas, renderJsonSchema } from '../../src/content/json-schema.js';
import { lessonShortfalls } from '../../src/content/minimums.js';
import type { Question } from '../../src/content/schema.js';
import { makeLesson } from '../support/lessons.js';
import { useTempDir } from '../support/temp.js';

const run = promisify(execFile);
const tempDir = useTempDir();

const truefalse = (id: string): Question => ({ id, type: 'truefalse', prompt: 'p', answer: true, explanation: 'e', section: 'part-1' });
const order: Question = { id: 'o', type: 'order', prompt: 'p', steps: ['a', 'b', 'c'], explanation: 'e', section: 'part-1' };
const card = (id: string) => ({ id, prompt: 'p', answer: 'a' });
const fullLesson = makeLesson({
  pages: 5,
  questions: [order, ...['a', 'b', 'c', 'd', 'e'].map(truefalse)],
  recall: [card('x'), card('y'), card('z')],
  sources: [{ title: 'RFC 6749', url: 'https://www.rfc-editor.org/rfc/rfc6749' }],
});

describe('lesson minimums', () => {
  test('GIVEN a lesson with 5 sections, 6 questions including an order one, 3 cards and a source THEN nothing falls short', () => {
    expect(lessonShortfalls(fullLesson)).toEqual([]);
  });

  test.each([
    ['3 sections', { ...fullLesson, sections: fullLesson.sections.slice(0, 3) }, 'has 3 sections; a lesson reads best in 4 to 7'],
    ['8 sections', { ...fullLesson, sections: makeLesson({ pages: 8 }).sections }, 'has 8 sections'],
    ['5 questions', { ...fullLesson, questions: fullLesson.questions.slice(0, 5) }, 'has 5 questions; give at least 6'],
    ['only true/false questions', { ...fullLesson, questions: ['a', 'b', 'c', 'd', 'e', 'f'].map(truefalse) }, 'has no "order" or "multi" question'],
    ['2 recall cards', { ...fullLesson, recall: fullLesson.recall.slice(0, 2) }, 'has 2 recall cards; give at least 3'],
    ['no sources', { ...fullLesson, sources: [] }, 'lists no sources'],
    ['a question that names no section', { ...fullLesson, questions: [...fullLesson.questions, { ...truefalse('g'), section: undefined }] }, 'is missing: name the section'],
  ])('GIVEN %s THEN the shortfall is named', (_case, lesson, message) => {
    expect(lessonShortfalls(lesson).map((shortfall) => shortfall.message)).toContainEqual(expect.stringContaining(message));
  });
});

describe('the JSON Schemas for editors', () => {
  test.each(Object.entries(contentJsonSchemas()))('GIVEN %s THEN the committed file matches the zod schema (run npm run content:schema)', (name, schema) => {
    expect(readFileSync(`content/schema/${name}`, 'utf8')).toBe(renderJsonSchema(schema));
  });

  test('GIVEN the lesson schema THEN unknown keys are forbidden and answer indexes are documented', () => {
    const lesson = contentJsonSchemas()['lesson.schema.json'] as { additionalProperties: boolean };
    expect(lesson.additionalProperties).toBe(false);
    expect(JSON.stringify(lesson)).toContain('Index of the right choice, counting from 0.');
  });
});

describe('npm run preview', () => {
  test('GIVEN a lesson id THEN every page is printed as the bot lays it out, then the answer key', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/preview.ts', 'oauth-basics']);
    for (let page = 1; page <= 6; page += 1) expect(stdout).toContain(`page ${page} of 6`);
    expect(stdout).toContain('# Two tokens, two jobs');
    expect(stdout).toContain('[Previous (disabled)] [Next] [Start quiz]');
    expect(stdout).toMatch(/B\) The app gets a scoped, expiring, revocable token and never your password {3}✔/);
    expect(stdout).toContain('(shown shuffled; this is the right order)');
    expect(stdout).toContain('Model answer:');
  });

  test('GIVEN another lesson file is broken THEN the asked lesson is still shown, with the broken file listed below it', async () => {
    const dir = tempDir();
    cpSync('content', dir, { recursive: true });
    const broken = path.join(dir, 'lessons', 'networking', 'dns-basics.yaml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace(/^level: junior$/m, 'level: junior\ndifficulty: easy'));
    const { stdout } = await run('npx', ['tsx', 'src/cli/preview.ts', 'oauth-basics'], { env: { ...process.env, CONTENT_DIR: dir } });
    expect(stdout).toContain('page 1 of 6');
    const below = stdout.slice(stdout.indexOf('other files have errors'));
    expect(below).toContain('This lesson is fine, but the bot will not start until these are fixed:');
    expect(below).toMatch(/dns-basics\.yaml:\d+:1 error difficulty: unknown key "difficulty"/);
  });

  test('GIVEN the asked lesson itself is broken THEN its own problems are printed and it exits 1', async () => {
    const dir = tempDir();
    cpSync('content', dir, { recursive: true });
    const broken = path.join(dir, 'lessons', 'security', 'oauth-basics.yaml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace(/^(\s+answer: )\d+$/m, '$17'));
    const failure = await run('npx', ['tsx', 'src/cli/preview.ts', 'oauth-basics'], { env: { ...process.env, CONTENT_DIR: dir } }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/oauth-basics\.yaml:\d+:\d+ error questions\[\d+\]\.answer: answer index 7 is out of range/);
  });

  test('GIVEN a misspelt id THEN it suggests the lesson and exits 1', async () => {
    const failure = await run('npx', ['tsx', 'src/cli/preview.ts', 'oauht']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('oauth-basics');
  });
});
