import { ComponentType, type APIEmbed } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { decodeRoute } from '../../src/discord/ids.js';
import { lessonPageView, type MessageView, type Reading } from '../../src/discord/views/lesson.js';
import { lessonsListView } from '../../src/discord/views/lessons.js';
import { viewAsText } from '../../src/cli/preview-text.js';
import { makeLesson, tracks } from '../support/lessons.js';

const customIds = (view: MessageView) =>
  view.components.flatMap((row) => row.components.flatMap((component) => ('custom_id' in component ? [component.custom_id] : [])));
const buttons = (view: MessageView) =>
  view.components.flatMap((row) => row.components).filter((component) => component.type === ComponentType.Button);
const byLabel = (view: MessageView, label: string) => buttons(view).find((button) => 'label' in button && button.label === label);
/** The page itself: the last embed (the first page has the lesson's introduction above it). */
const embed = (view: MessageView): APIEmbed => view.embeds.at(-1) as APIEmbed;
const readEverything = (pages: number): Reading => ({ pagesSeen: Array.from({ length: pages }, (_, page) => page), completed: true, justCompleted: false });

describe('a lesson page', () => {
  const lesson = makeLesson({ pages: 6 });
  const page = (index: number, reading = readEverything(6)) => lessonPageView({ lesson, page: index, trackTitle: 'Security', relatedTitles: ['Another lesson'], reading });

  test('GIVEN the second page THEN it shows that section and says "page 2 of 6"', () => {
    const view = page(1);
    expect(embed(view).title).toBe('Part 2');
    expect(embed(view).description).toBe('Body of part 2.');
    expect(embed(view).footer?.text).toBe('Security · junior · page 2 of 6');
  });

  test.each([
    [0, true, false],
    [3, false, false],
    [5, false, true],
  ])('GIVEN page index %i THEN Previous disabled is %s and Next disabled is %s', (index, previousDisabled, nextDisabled) => {
    const view = page(index);
    expect(byLabel(view, 'Previous')).toMatchObject({ disabled: previousDisabled });
    expect(byLabel(view, 'Next')).toMatchObject({ disabled: nextDisabled });
  });

  test('GIVEN a lesson with sources THEN only the last page lists them as "Further reading" links', () => {
    const withSources = makeLesson({
      pages: 3,
      sources: [
        { title: 'RFC 6749 [OAuth 2.0]', url: 'https://www.rfc-editor.org/rfc/rfc6749' },
        { title: 'A page (with brackets)', url: 'https://example.org/a_(b)' },
      ],
    });
    const at = (index: number) => lessonPageView({ lesson: withSources, page: index, trackTitle: 'Security', relatedTitles: [], reading: readEverything(3) });
    expect(embed(at(1)).fields ?? []).not.toContainEqual(expect.objectContaining({ name: 'Further reading' }));
    const reading = embed(at(2)).fields?.find((field) => field.name === 'Further reading');
    expect(reading?.value).toBe(
      '• [RFC 6749 \\[OAuth 2.0\\]](https://www.rfc-editor.org/rfc/rfc6749)\n• [A page (with brackets)](https://example.org/a_%28b%29)',
    );
  });

  test('GIVEN any page THEN every control decodes to a route and no two share an id', () => {
    for (let index = 0; index < 6; index += 1) {
      const ids = customIds(page(index));
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(decodeRoute(id).ok).toBe(true);
    }
  });

  test('GIVEN the Next button on page 3 THEN its route opens page 4', () => {
    const next = byLabel(page(2), 'Next');
    expect(next && 'custom_id' in next && decodeRoute(next.custom_id)).toEqual({
      ok: true,
      value: { kind: 'lesson.page', lessonId: 'sample-lesson', page: 3 },
    });
  });

  test('GIVEN the first page THEN it leads with "In this lesson" and the summary, above the first section, and later pages do not repeat it', () => {
    const text = viewAsText(page(0));
    expect(text.indexOf('# In this lesson')).toBeGreaterThan(-1);
    expect(text.indexOf('# In this lesson')).toBeLessThan(text.indexOf(`# ${lesson.sections[0]?.title}`));
    expect(text.indexOf(lesson.summary)).toBeLessThan(text.indexOf(lesson.sections[0]?.body ?? '?'));
    expect(text.startsWith(`${lesson.title}\n# In this lesson`)).toBe(true);
    expect(embed(page(0)).fields).toBeUndefined();
    expect(viewAsText(page(1))).not.toContain('In this lesson');
  });

  test('GIVEN the last page after every other THEN it says the lesson is complete, offers the quiz and lists related lessons', () => {
    const view = page(5);
    expect(embed(view).fields?.map((field) => field.name)).toEqual(['✅ Lesson complete', 'Related lessons']);
    expect(byLabel(view, 'Start quiz')).toBeDefined();
  });

  test.each([
    { reader: 'who jumped from the first page', pagesSeen: [0, 5], heading: '📖 You have read 2 of 6 pages', missing: 'Not read yet: 2. Part 2 · 3. Part 3 · 4. Part 4 · 5. Part 5\n' },
    { reader: 'who skipped one page', pagesSeen: [0, 1, 2, 4, 5], heading: '📖 You have read 5 of 6 pages', missing: 'Not read yet: 4. Part 4\nRead it ' },
  ])('GIVEN the last page for a reader $reader THEN it names the pages left instead of "complete"', ({ pagesSeen, heading, missing }) => {
    const fields = embed(page(5, { pagesSeen, completed: false, justCompleted: false })).fields ?? [];
    expect(fields[0]?.name).toBe(heading);
    expect(fields[0]?.value).toContain(missing);
    expect(fields[0]?.value).toContain('at least half of the quiz right');
    expect(fields.map((field) => field.name)).not.toContain('✅ Lesson complete');
  });

  test('GIVEN the page that was the last one unread THEN it says the lesson is now complete', () => {
    const fields = embed(page(3, { ...readEverything(6), justCompleted: true })).fields ?? [];
    expect(fields.map((field) => field.name)).toEqual(['✅ Lesson complete']);
    expect(embed(page(3)).fields).toBeUndefined();
  });

  test('GIVEN a one-page lesson without questions THEN there are no paging buttons to collide', () => {
    const view = lessonPageView({ lesson: makeLesson({ pages: 1, questions: [] }), page: 0, trackTitle: 'Security', relatedTitles: [], reading: readEverything(1) });
    expect(view.components).toEqual([]);
  });
});

describe('the lessons list', () => {
  const lessons = Array.from({ length: 20 }, (_, index) => makeLesson({ id: `lesson-${index}`, title: `Lesson ${index}` }));
  const now = new Date('2026-11-28T12:00:00Z');

  test('GIVEN progress on two lessons THEN they are marked done and in progress with the pages read, and the total counts the done one', () => {
    const view = lessonsListView({
      lessons,
      tracks,
      filter: {},
      page: 0,
      progress: [
        { lessonId: 'lesson-0', firstViewedAt: now, lastViewedAt: now, completedAt: now, furthestPage: 2, pagesSeen: [0, 1, 2] },
        { lessonId: 'lesson-1', firstViewedAt: now, lastViewedAt: now, completedAt: null, furthestPage: 2, pagesSeen: [0, 2] },
      ],
    });
    expect(embed(view).description).toContain('✅ Lesson 0 · *junior*');
    expect(embed(view).description).toContain('📖 (2/3) Lesson 1');
    expect(embed(view).description).toContain('▫️ Lesson 2');
    expect(embed(view).footer?.text).toContain('You have completed 1 of 20');
  });

  test('GIVEN more lessons than fit a page THEN the second page holds the rest and Next is disabled there', () => {
    const second = lessonsListView({ lessons, tracks, filter: {}, page: 1, progress: [] });
    expect(embed(second).description).toContain('Lesson 19');
    expect(embed(second).description).not.toContain('Lesson 0 ');
    expect(byLabel(second, 'Next')).toMatchObject({ disabled: true });
  });
});
