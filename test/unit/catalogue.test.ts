import { describe, expect, test } from 'vitest';
import { Catalogue } from '../../src/content/catalogue.js';
import { resolveLessonTopic, resolveTrack } from '../../src/content/resolve.js';
import { makeLesson, tracks } from '../support/lessons.js';

const catalogue = new Catalogue(
  [
    makeLesson({ id: 'oauth-basics', title: 'What OAuth is and why passwords are not the answer' }),
    makeLesson({ id: 'tls-basics', title: 'What TLS does and why it exists', track: 'networking' }),
    makeLesson({ id: 'dns-basics', title: 'DNS: what it does and why it exists', track: 'networking' }),
    makeLesson({ id: 'tls-handshake', title: 'The 1-RTT handshake: key shares and ECDHE', track: 'networking', level: 'middle' }),
  ],
  tracks,
);

/** Lessons with keywords and summaries, as most lessons on main have them. */
const searchable = new Catalogue(
  [
    makeLesson({
      id: 'oauth-basics',
      title: 'What OAuth is and why passwords are not the answer',
      summary: 'OpenID Connect adds a second token, the signed ID token, which tells the app who signed in.',
      keywords: ['OpenID Connect', 'JWT'],
    }),
    makeLesson({ id: 'data-fetching-basics', title: 'Data fetching basics', track: 'networking' }),
    makeLesson({ id: 'mvcc-basics', title: 'MVCC basics', track: 'networking' }),
    makeLesson({ id: 'event-loop-basics', title: 'The event loop: basics', track: 'networking' }),
    makeLesson({ id: 'tls-basics', title: 'What TLS does and why it exists', track: 'networking' }),
    makeLesson({ id: 'tls-handshake', title: 'The TLS handshake: key shares and ECDHE', track: 'networking', level: 'middle' }),
    makeLesson({ id: 'quic-basics', title: 'QUIC: transport over UDP', track: 'networking', keywords: ['TLS 1.3', 'HTTP/3'] }),
    makeLesson({ id: 'core-web-vitals', title: 'Core Web Vitals', track: 'networking', summary: 'Three vital numbers.' }),
  ],
  tracks,
);

const ids = (lessons: { id: string }[]) => lessons.map((lesson) => lesson.id);

describe('the catalogue', () => {
  test('GIVEN no filter THEN lessons come by track order, then level, then title', () => {
    expect(ids(catalogue.lessons())).toEqual(['oauth-basics', 'dns-basics', 'tls-basics', 'tls-handshake']);
  });

  test('GIVEN a track and a level THEN only those lessons are listed', () => {
    expect(ids(catalogue.lessons({ track: 'networking', level: 'junior' }))).toEqual(['dns-basics', 'tls-basics']);
  });

  test.each([
    ['an empty query', '', ['oauth-basics', 'dns-basics', 'tls-basics', 'tls-handshake']],
    ['a title prefix', 'what tls', ['tls-basics']],
    ['an id', 'dns-basics', ['dns-basics']],
    ['a word from the middle of a title', 'handshake', ['tls-handshake']],
    ['a misspelling', 'oatuh', ['oauth-basics']],
    ['words in another order', 'exists why dns', ['dns-basics']],
  ])('GIVEN %s THEN search finds the lesson first', (_case, query, expected) => {
    expect(ids(catalogue.search(query)).slice(0, expected.length)).toEqual(expected);
  });

  test.each([
    ['a keyword the title does not say', 'jwt', ['oauth-basics']],
    ['a phrase from the summary', 'id token', ['oauth-basics']],
    ['a misspelt word next to a right one', 'oath basic', ['oauth-basics']],
    ['an acronym that names one lesson and is a keyword of another', 'tls', ['tls-basics', 'tls-handshake', 'quic-basics']],
  ])('GIVEN %s THEN only the lessons that teach it are offered, the best first', (_case, query, expected) => {
    expect(ids(searchable.search(query))).toEqual(expected);
  });

  test('GIVEN a query like nothing we teach THEN search finds nothing rather than noise', () => {
    expect(catalogue.search('quantum knitting')).toEqual([]);
  });

  test('GIVEN a limit THEN search returns at most that many', () => {
    expect(catalogue.search('', 2)).toHaveLength(2);
  });
});

describe('resolving what a member typed', () => {
  test.each([
    ['the id autocomplete sends', 'oauth-basics'],
    ['the exact title in another case', 'what oauth is and why passwords are not the answer'],
  ])('GIVEN %s THEN it names that lesson', (_case, topic) => {
    const resolved = resolveLessonTopic(catalogue, topic);
    expect(resolved.ok && resolved.value.id).toBe('oauth-basics');
  });

  test('GIVEN a near miss THEN the error carries the closest titles as suggestions', () => {
    const resolved = resolveLessonTopic(catalogue, 'tls');
    expect(resolved.ok).toBe(false);
    if (resolved.ok) return;
    expect(resolved.error.code).toBe('lesson.unknown');
    expect(resolved.error.context.suggestions?.map((lesson) => lesson.id)).toContain('tls-basics');
  });

  test('GIVEN a track by title or id THEN it resolves, and an unknown one lists the real tracks', () => {
    expect(resolveTrack(catalogue, 'Networking')).toMatchObject({ ok: true, value: { id: 'networking' } });
    const unknown = resolveTrack(catalogue, 'cooking');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.context.trackTitles).toEqual(['Security', 'Networking']);
  });
});

describe('levels on offer', () => {
  test.each([
    ['a track whose lessons are all junior', 'security', ['junior']],
    ['a track with junior and middle lessons', 'networking', ['junior', 'middle']],
    ['the whole catalogue, which has no senior lesson', undefined, ['junior', 'middle']],
  ])('GIVEN %s THEN only the levels some lesson has are offered', (_case, track, expected) => {
    expect(catalogue.levels(track)).toEqual(expected);
  });
});
