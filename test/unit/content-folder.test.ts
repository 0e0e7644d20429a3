import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { hasErrors, loadContent } from '../../src/content/load.js';
import { lessonShortfalls } from '../../src/content/minimums.js';
import { useTempDir } from '../support/temp.js';

const run = promisify(execFile);
const tempDir = useTempDir();
const lessonFile = (dir: string) => path.join(dir, 'lessons', 'security', 'oauth-basics.yaml');

/** A copy of the real content folder with one lesson file edited. */
function brokenCopy(edit: (yaml: string) => string): string {
  const dir = tempDir();
  cpSync('content', dir, { recursive: true });
  writeFileSync(lessonFile(dir), edit(readFileSync(lessonFile(dir), 'utf8')));
  return dir;
}

describe('the content folder shipped with the bot', () => {
  test('GIVEN the repository content THEN it loads with no problems', async () => {
    const content = await loadContent('content');
    expect(content.problems).toEqual([]);
    expect(content.lessons.map((lesson) => lesson.id)).toContain('oauth-basics');
  });

  test('GIVEN the curriculum THEN it holds the OAuth lesson and every catalogue lesson at its level (39 junior, 97 middle, 67 senior), each meeting the minimums', async () => {
    const { lessons, tracks } = await loadContent('content');
    const atLevel = (level: string) => lessons.filter((lesson) => lesson.level === level).length;
    expect([atLevel('junior'), atLevel('middle'), atLevel('senior')]).toEqual([39, 97, 67]);
    expect(new Set(lessons.map((lesson) => lesson.title)).size).toBe(lessons.length);
    expect(lessons.flatMap((lesson) => lessonShortfalls(lesson).map((shortfall) => `${lesson.id}: ${shortfall.message}`))).toEqual([]);
    for (const track of tracks) expect(lessons.some((lesson) => lesson.track === track.id)).toBe(true);
  });

  test('GIVEN the OAuth lesson THEN it teaches what the seed asks, with a quiz of every kind', async () => {
    const { lessons } = await loadContent('content');
    const oauth = lessons.find((lesson) => lesson.id === 'oauth-basics');
    expect(oauth?.title).toBe('What OAuth is and why passwords are not the answer');
    expect(oauth?.sections.map((section) => section.title)).toContain('Two tokens, two jobs');
    expect(oauth?.questions.length).toBeGreaterThanOrEqual(6);
    expect(new Set(oauth?.questions.map((question) => question.type))).toEqual(new Set(['single', 'multi', 'truefalse', 'order']));
    const order = oauth?.questions.find((question) => question.type === 'order');
    expect(order && 'steps' in order && order.steps).toHaveLength(6);
    expect(oauth?.recall).toHaveLength(3);
  });
});

describe('npm run content:check', () => {
  test('GIVEN the repository content THEN it passes and prints an inventory', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/content-check.ts', 'content']);
    expect(stdout).toMatch(/\d+ lessons? in \d+ tracks, \d+ questions, \d+ recall cards\. No errors, no warnings\./);
  });

  test('GIVEN a wrong answer index and an unknown key THEN both are printed with file:line:col and it exits 1', async () => {
    const dir = brokenCopy((yaml) => yaml.replace(/^level: junior$/m, 'level: junior\ndifficulty: easy').replace(/^(\s+answer: )\d+$/m, '$17'));
    const content = await loadContent(dir);
    expect(hasErrors(content)).toBe(true);
    const failure = await run('npx', ['tsx', 'src/cli/content-check.ts', dir]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const file = lessonFile(dir);
    expect(failure?.stderr).toMatch(new RegExp(`${escape(file)}:\\d+:1 error difficulty: unknown key "difficulty"`));
    expect(failure?.stderr).toMatch(new RegExp(`${escape(file)}:\\d+:\\d+ error questions\\[\\d+\\]\\.answer: answer index 7 is out of range`));
    expect(failure?.stderr).toContain('2 errors, 0 warnings.');
  });

  test('GIVEN a lesson file that is not YAML at all THEN it is reported, not crashed on', async () => {
    const dir = brokenCopy(() => 'id: [unclosed\n  - what: is this');
    const content = await loadContent(dir);
    expect(content.problems[0]?.file).toBe(lessonFile(dir));
    expect(content.problems[0]?.line).toBeGreaterThan(0);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
