import { describe, expect, test } from 'vitest';
import { assessTimes, readTime } from '../../../src/tokens/index.js';
import { duration, relativeTo } from '../../../src/tokens/times.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const T = NOW.getTime() / 1000;
const HOUR = 3600;
const DAY = 86_400;

describe('reading one time claim', () => {
  test('GIVEN a NumericDate THEN it reads as UTC ISO text, whole Unix seconds and a phrase relative to now', () => {
    expect(readTime(T - 3 * DAY, NOW)).toEqual({ ok: true, seconds: T - 3 * DAY, unix: T - 3 * DAY, iso: '2025-05-29T12:00:00Z', relative: '3 days ago' });
  });

  test('GIVEN a fractional NumericDate THEN the ISO text keeps the milliseconds and unix rounds down', () => {
    expect(readTime(1300819380.5, NOW)).toMatchObject({ ok: true, unix: 1300819380, iso: '2011-03-22T18:43:00.500Z' });
  });

  test.each<[string, unknown, string]>([
    ['a numeric string', '1300819380', 'not-a-number'],
    ['null', null, 'not-a-number'],
    ['an array', [1300819380], 'not-a-number'],
    ['a negative number', -5, 'negative'],
    ['1e20', 1e20, 'out-of-range'],
    ['Infinity', Number.POSITIVE_INFINITY, 'out-of-range'],
  ])('GIVEN %s THEN it is flagged with %s', (_case, value, problem) => {
    expect(readTime(value as never, NOW)).toMatchObject({ ok: false, problem });
  });

  test('GIVEN zero THEN it is the epoch, not a problem', () => {
    expect(readTime(0, NOW)).toMatchObject({ ok: true, iso: '1970-01-01T00:00:00Z' });
  });
});

describe('relative phrasing', () => {
  test.each<[number, string]>([
    [0.4, 'just now'],
    [-0.4, 'just now'],
    [45, 'in 45 seconds'],
    [-1, '1 second ago'],
    [60, 'in 1 minute'],
    [-150, '2 minutes ago'],
    [2 * HOUR, 'in 2 hours'],
    [-(3 * DAY + 23 * HOUR), '3 days ago'],
    [400 * DAY, 'in 1 year'],
    [-(10 * 365 * DAY), '10 years ago'],
  ])('GIVEN %d seconds from now THEN it reads "%s"', (delta, phrase) => {
    expect(relativeTo(delta)).toBe(phrase);
  });

  test('GIVEN less than a second THEN a duration says so', () => {
    expect(duration(0.5)).toBe('less than a second');
  });
});

describe('a token\'s validity at a given moment', () => {
  test.each<[string, Record<string, unknown>, string, string]>([
    ['expired three days ago', { exp: T - 3 * DAY }, 'expired', 'expired 3 days ago'],
    ['expiring exactly now (refused on or after exp)', { exp: T }, 'expired', 'expired just now'],
    ['valid for two more hours', { exp: T + 2 * HOUR }, 'valid', 'not expired yet (expires in 2 hours)'],
    ['not valid for two more hours', { nbf: T + 2 * HOUR, exp: T + 3 * HOUR }, 'not-yet-valid', 'not valid yet (starts in 2 hours)'],
    ['with no exp at all', { sub: 'x' }, 'no-expiry', 'no expiry'],
    ['with a string exp', { exp: 'tomorrow' }, 'unclear', 'expiry unreadable (exp is tomorrow)'],
  ])('GIVEN a token %s THEN its state is %s', (_case, claims, state, summary) => {
    const times = assessTimes(claims as never, NOW);
    expect(times.state).toBe(state);
    expect(times.summary).toBe(summary);
  });

  test('GIVEN iat and exp THEN the lifetime is exp − iat', () => {
    const times = assessTimes({ iat: T - 600, nbf: T - 300, exp: T + 3000 }, NOW);
    expect(times.lifetimeSeconds).toBe(3600);
    expect(times.lifetime).toBe('1 hour');
  });

  test('GIVEN nbf and exp without iat THEN the lifetime is exp − nbf', () => {
    expect(assessTimes({ nbf: T, exp: T + 2 * DAY }, NOW).lifetime).toBe('2 days');
  });

  test('GIVEN exp before iat THEN there is no lifetime rather than a negative one', () => {
    expect(assessTimes({ iat: T, exp: T - 10 }, NOW).lifetimeSeconds).toBeUndefined();
  });

  test('GIVEN several broken time claims THEN each is listed with its problem', () => {
    expect(assessTimes({ exp: '1', nbf: -1, iat: 1e30, auth_time: true, updated_at: {} }, NOW).problems).toEqual([
      { claim: 'exp', problem: 'not-a-number' },
      { claim: 'nbf', problem: 'negative' },
      { claim: 'iat', problem: 'out-of-range' },
      { claim: 'auth_time', problem: 'not-a-number' },
      { claim: 'updated_at', problem: 'not-a-number' },
    ]);
  });

  test('GIVEN the same token at two moments THEN only the injected now decides', () => {
    const claims = { exp: 1300819380 };
    expect(assessTimes(claims, new Date('2011-03-22T18:42:00Z')).summary).toBe('not expired yet (expires in 1 minute)');
    expect(assessTimes(claims, new Date('2011-03-22T18:44:00Z')).summary).toBe('expired 1 minute ago');
  });
});
