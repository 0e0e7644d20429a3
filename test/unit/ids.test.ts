import { describe, expect, test } from 'vitest';
import { customIdMaxLength, decodeRoute, encodeRoute, type Route } from '../../src/discord/ids.js';

const longest = 'a'.repeat(40);

describe('custom_id routes', () => {
  test.each<[string, Route]>([
    ['a lesson page', { kind: 'lesson.page', lessonId: 'oauth-basics', page: 3 }],
    ['a section jump', { kind: 'lesson.jump', lessonId: 'oauth-basics' }],
    ['a filtered catalogue page', { kind: 'lessons.page', track: 'security', level: 'junior', page: 2 }],
    ['an unfiltered catalogue page', { kind: 'lessons.page', track: '*', level: '*', page: 0 }],
    ['a practice quiz start', { kind: 'quiz.practice', lessonId: 'oauth-basics' }],
    ['the longest lesson id', { kind: 'lesson.page', lessonId: longest, page: 99 }],
  ])('GIVEN %s THEN it survives encoding and decoding unchanged', (_case, route) => {
    const id = encodeRoute(route);
    expect(id.startsWith('v1|')).toBe(true);
    expect(id.length).toBeLessThanOrEqual(customIdMaxLength);
    expect(decodeRoute(id)).toEqual({ ok: true, value: route });
  });

  test.each([
    ['an empty id', '', 'unreadable'],
    ['a foreign id', 'some-other-bot:confirm', 'unreadable'],
    ['an id from another version', 'v0|lesson|oauth-basics|p|1', 'old-version'],
    ['an unknown area', 'v1|casino|spin', 'unreadable'],
    ['a page that is not a number', 'v1|lesson|oauth-basics|p|two', 'unreadable'],
    ['a negative page', 'v1|lesson|oauth-basics|p|-1', 'unreadable'],
    ['a lesson id with odd characters', 'v1|lesson|../../etc|p|1', 'unreadable'],
    ['extra fields', 'v1|lesson|oauth-basics|p|1|2', 'unreadable'],
    ['a missing field', 'v1|quiz|practice', 'unreadable'],
  ])('GIVEN %s THEN decoding says it is %s instead of throwing', (_case, id, error) => {
    expect(decodeRoute(id)).toEqual({ ok: false, error });
  });

  test('GIVEN a route that would pass 100 characters THEN encoding refuses it', () => {
    expect(() => encodeRoute({ kind: 'lesson.page', lessonId: 'x'.repeat(120), page: 1 })).toThrow(/100 characters/);
  });
});

describe('quiz routes', () => {
  test.each<Route>([
    { kind: 'quiz.answer', sessionId: 'abc123def4', question: 3, choice: 2 },
    { kind: 'quiz.answer', sessionId: 'abc123def4', question: 0, choice: 't' },
    { kind: 'quiz.multi', sessionId: 'abc123def4', question: 24 },
    { kind: 'quiz.order', sessionId: 'abc123def4', question: 2, picked: '' },
    { kind: 'quiz.order', sessionId: 'abc123def4', question: 2, picked: '3019' },
    { kind: 'quiz.undo', sessionId: 'abc123def4', question: 2, picked: '30' },
    { kind: 'quiz.submit', sessionId: 'abc123def4', question: 2, picked: '9876543210' },
    { kind: 'quiz.next', sessionId: 'abc123def4', question: 25 },
    { kind: 'quiz.join', sessionId: 'abc123def4', team: '1' },
    { kind: 'quiz.join', sessionId: 'abc123def4', team: '-' },
    { kind: 'quiz.control', sessionId: 'abc123def4', action: 'skip' },
    { kind: 'quiz.review', sessionId: 'abc123def4' },
    { kind: 'lesson.open', lessonId: 'oauth-basics', page: 3 },
    { kind: 'config.channels', list: 'announce' },
    { kind: 'config.confirm', action: 'season' },
    { kind: 'config.cancel' },
    { kind: 'token.paste' },
    { kind: 'review.answer', cardKey: 'r:oauth-basics:name-the-parties' },
    { kind: 'review.modal', cardKey: 'q:oauth-basics:token-difference' },
    { kind: 'review.show', cardKey: 'q:oauth-basics:token-difference' },
    { kind: 'review.grade', cardKey: `r:${'a'.repeat(40)}:${'b'.repeat(40)}`, grade: 'again' },
    { kind: 'review.next' },
    { kind: 'token.modal' },
    { kind: 'token.delete', messageId: '12345678901234567891' },
    { kind: 'board.page', period: 'week', track: 'security', season: 0, page: 4 },
    { kind: 'board.page', period: 'season', track: '*', season: 3, page: 0 },
  ])('GIVEN %o THEN it round-trips within 100 characters', (route) => {
    const id = encodeRoute(route);
    expect(id.length).toBeLessThanOrEqual(customIdMaxLength);
    expect(decodeRoute(id)).toEqual({ ok: true, value: route });
  });

  test.each([
    ['a session id of the wrong length', 'v1|quiz|abc|a|0|1'],
    ['a choice past the 25 a question can have', 'v1|quiz|abc123def4|a|0|25'],
    ['an unknown control', 'v1|quiz|abc123def4|c|explode'],
    ['a team that does not exist', 'v1|quiz|abc123def4|j|2'],
    ['a step sequence with symbols', 'v1|quiz|abc123def4|o|1|3;1'],
    ['a missing field', 'v1|quiz|abc123def4|a|0'],
    ['no custom_id at all', undefined],
    ['a custom_id that is not text', 42],
    ['a custom_id past 100 characters', `v1|lesson|${'a'.repeat(100)}|p|0`],
    ['an old delete id that names a channel and an author', 'v1|tok|del|12345678901234567890|12345678901234567891|12345678901234567892'],
  ])('GIVEN %s THEN it is unreadable', (_case, id) => {
    expect(decodeRoute(id)).toEqual({ ok: false, error: 'unreadable' });
  });
});
