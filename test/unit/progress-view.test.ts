import { describe, expect, test } from 'vitest';
import { fitLabel, progressPictureDescription } from '../../src/discord/progress-picture.js';
import { serverProgressView } from '../../src/discord/views/progress.js';

/** Seven pixels a character: a 100-pixel label holds 14. */
const measure = (text: string) => text.length * 7;

describe('the progress chart', () => {
  test.each([
    ['a short track name', 'Security', ['Security']],
    ['a name too long for one line', 'The JavaScript runtime', ['The JavaScript', 'runtime']],
    ['a name too long for two lines', 'Distributed systems in production today', ['Distributed', 'systems in…']],
    ['one word longer than the line', 'Observability', ['Observability']],
  ])('GIVEN %s THEN it is wrapped between words or ends in an ellipsis, never cut inside a word', (_case, title, expected) => {
    const lines = fitLabel(title, 100, measure);
    expect(lines).toEqual(expected);
    const words = new Set(title.split(' '));
    for (const word of lines.join(' ').replace('…', '').split(' ')) expect(words.has(word)).toBe(true);
  });

  test('GIVEN tracks THEN the picture has a description a screen reader can read', () => {
    expect(progressPictureDescription('Alice', [{ title: 'Security', completed: 0.5, mastery: 0.1 }])).toBe(
      "Bar chart of Alice's progress per track. Security: 50% of lessons completed, 10% mastery.",
    );
  });
});

describe('/progress server', () => {
  test('GIVEN a long question prompt THEN it is shortened between words, with an ellipsis', () => {
    const prompt = `${'Which of these statements about refresh tokens '.repeat(4)}is right?`;
    const view = serverProgressView({ learners: 1, most: [], least: [], missed: [{ title: 'OAuth', prompt, wrong: 2, answered: 3 }] });
    const line = view.embeds[0]?.fields?.[3]?.value ?? '';
    expect(line).toMatch(/^2 of 3 wrong · OAuth: Which of these .*…$/);
    expect(line.length).toBeLessThanOrEqual('2 of 3 wrong · OAuth: '.length + 120);
    const words = new Set(prompt.split(' '));
    for (const word of line.slice('2 of 3 wrong · OAuth: '.length, -1).split(' ')) expect(words.has(word)).toBe(true);
  });

  test('GIVEN no lesson started THEN "least completed" says so instead of listing lessons nobody opened', () => {
    const view = serverProgressView({ learners: 0, most: [], least: [], missed: [] });
    expect(view.embeds[0]?.fields?.[2]).toEqual({ name: 'Least completed lessons (of those started)', value: 'none yet: only lessons someone has started are counted' });
  });
});
