import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, test } from 'vitest';
import { Catalogue } from '../../src/content/catalogue.js';
import { loadContent } from '../../src/content/load.js';
import { isPlainData, parseLessonSource } from '../../src/content/parse.js';
import { formatProblem } from '../../src/content/problems.js';
import { lessonSchema, type Lesson } from '../../src/content/schema.js';
import { useTempDir } from '../support/temp.js';

const tempDir = useTempDir();

const lessonFiles = (dir: string) =>
  readdirSync(path.join(dir, 'lessons'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();

/** What every lesson file gave before the fast path: the document with positions, then the schema. */
function slowPathLessons(dir: string): Lesson[] {
  return lessonFiles(dir).map((file) => {
    const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true });
    expect(document.errors).toEqual([]);
    return lessonSchema.parse(document.toJS());
  });
}

const byId = (lessons: readonly Lesson[]) => [...lessons].sort((a, b) => a.id.localeCompare(b.id));

/** A copy of the real content folder with one more lesson file, broken, in the security track. */
function folderWithBrokenLesson(): { dir: string; broken: string } {
  const dir = tempDir();
  cpSync('content', dir, { recursive: true });
  const source = readFileSync(path.join(dir, 'lessons', 'security', 'oauth-basics.yaml'), 'utf8');
  const broken = path.join(dir, 'lessons', 'security', 'broken-copy.yaml');
  writeFileSync(
    broken,
    source
      .replace(/^id: oauth-basics$/m, 'id: broken-copy')
      .replace(/^level: junior$/m, 'level: junior\ndifficulty: easy')
      .replace(/^(\s+answer: )\d+$/m, '$17'),
  );
  return { dir, broken };
}

describe('loading a content folder quickly', () => {
  test('GIVEN the repository content THEN the lessons equal what the slow path (document with positions, then the schema) gives', async () => {
    const content = await loadContent('content');
    expect(content.problems).toEqual([]);
    expect(byId(content.lessons)).toEqual(byId(slowPathLessons('content')));
  });

  test('GIVEN a cache folder THEN the second load reads the cache and gives the same lessons, tracks and catalogue order', async () => {
    const cacheDir = tempDir();
    const first = await loadContent('content', { cacheDir });
    expect(readdirSync(cacheDir)).not.toEqual([]);
    const second = await loadContent('content', { cacheDir });
    expect(second.problems).toEqual([]);
    expect(second.tracks).toEqual(first.tracks);
    expect(byId(second.lessons)).toEqual(byId(slowPathLessons('content')));
    const ids = (content: typeof first) => new Catalogue(content.lessons, content.tracks).lessons().map((lesson) => lesson.id);
    expect(ids(second)).toEqual(ids(first));
  });

  test('GIVEN one broken lesson among valid ones THEN it alone is reported with file:line:col, the same with a primed cache as without', async () => {
    const { dir, broken } = folderWithBrokenLesson();
    const cacheDir = tempDir();
    await loadContent('content', { cacheDir });
    const withoutCache = await loadContent(dir);
    const withCache = await loadContent(dir, { cacheDir });
    const lines = withoutCache.problems.map(formatProblem);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${escape(broken)}:\\d+:1 error difficulty: unknown key "difficulty"`));
    expect(lines[1]).toMatch(new RegExp(`^${escape(broken)}:\\d+:\\d+ error questions\\[\\d+\\]\\.answer: answer index 7 is out of range`));
    expect(withCache.problems).toEqual(withoutCache.problems);
    expect(withoutCache.problems.every((problem) => problem.line !== undefined && problem.col !== undefined)).toBe(true);
  });

  test('GIVEN a cross-check problem in a valid file THEN its position is found by reading that file again', async () => {
    const dir = tempDir();
    cpSync('content', dir, { recursive: true });
    const file = path.join(dir, 'lessons', 'security', 'oauth-basics.yaml');
    const yaml = readFileSync(file, 'utf8');
    writeFileSync(file, yaml.replace(/^related:.*$/m, 'related: [no-such-lesson]'));
    const line = yaml.split('\n').findIndex((text) => text.startsWith('related:')) + 1;
    const expected = [`${file}:${line}:11 error related[0]: no lesson has the id "no-such-lesson"`];
    const cacheDir = tempDir();
    for (const options of [{}, { cacheDir }, { cacheDir }]) {
      const { problems } = await loadContent(dir, options);
      expect(problems.map(formatProblem)).toEqual(expected);
    }
  });

  test('GIVEN a cache file that is torn, or whose data the schema rejects THEN it is not trusted: the files are read again', async () => {
    const cacheDir = tempDir();
    await loadContent('content', { cacheDir });
    const [cacheFile] = readdirSync(cacheDir);
    const cachePath = path.join(cacheDir, cacheFile ?? '');
    const stored = JSON.parse(readFileSync(cachePath, 'utf8')) as { entries: Record<string, unknown> };
    for (const key of Object.keys(stored.entries)) stored.entries[key] = { id: 'not a lesson' };
    writeFileSync(cachePath, JSON.stringify(stored));
    const reference = byId(slowPathLessons('content'));
    const rejected = await loadContent('content', { cacheDir });
    expect(rejected.problems).toEqual([]);
    expect(byId(rejected.lessons)).toEqual(reference);

    writeFileSync(cachePath, '{"format": "yaml');
    const torn = await loadContent('content', { cacheDir });
    expect(torn.problems).toEqual([]);
    expect(byId(torn.lessons)).toEqual(reference);
  });
});

describe('reading one file from its bytes', () => {
  test('GIVEN the UTF-8 bytes of a broken file, with a byte order mark THEN the problems and positions are those of its text', () => {
    const file = 'content/lessons/security/oauth-basics.yaml';
    const text = `\uFEFF${readFileSync(file, 'utf8').replace(/^level: junior$/m, 'level: junior\ndifficulty: "café"').replace(/^(\s+answer: )\d+$/m, '$17')}`;
    const fromBytes = parseLessonSource(file, Buffer.from(text, 'utf8'));
    expect(fromBytes.problems.length).toBeGreaterThan(0);
    expect(fromBytes.problems).toEqual(parseLessonSource(file, text).problems);
  });

  test.each([
    ['nested lists and maps of text, numbers, booleans and null', { a: [1, 'two', true, null, { b: 0.5 }] }, true],
    ['NaN', { answer: Number.NaN }, false],
    ['an infinity', [Number.POSITIVE_INFINITY], false],
    ['minus zero', { answer: -0 }, false],
    ['a date', { when: new Date(0) }, false],
    ['a Map', new Map(), false],
  ])('GIVEN %s THEN whether it is kept as JSON is %s', (_case, value, plain) => {
    expect(isPlainData(value)).toBe(plain);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
