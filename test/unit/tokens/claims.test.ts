import { describe, expect, test } from 'vitest';
import { explainClaims } from '../../../src/tokens/index.js';

describe('claims in plain words', () => {
  test.each([
    'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'scope', 'scp', 'client_id', 'nonce', 'at_hash', 'c_hash',
    'auth_time', 'acr', 'amr', 'sid', 'email', 'email_verified', 'name', 'given_name', 'family_name', 'picture',
    'phone_number', 'typ', 'token_use', 'cid', 'uid', 'tid', 'oid', 'roles', 'groups', 'cnf', 'act', 'address', 'birthdate',
  ])('GIVEN the %s claim THEN it has a label and an explanation', (name) => {
    const [entry] = explainClaims({ [name]: 'x' });
    expect(entry?.label).toEqual(expect.any(String));
    expect(entry?.explanation?.length).toBeGreaterThan(10);
    expect(entry?.origin).not.toBe('unknown');
  });

  test('GIVEN unknown claims THEN they are listed as data, in order, with their values', () => {
    expect(explainClaims({ 'https://example.com/roles': ['admin'], tenant: 7 })).toEqual([
      { name: 'https://example.com/roles', label: undefined, explanation: undefined, origin: 'unknown', personalData: false, isTime: false, value: ['admin'], display: '["admin"]' },
      { name: 'tenant', label: undefined, explanation: undefined, origin: 'unknown', personalData: false, isTime: false, value: 7, display: '7' },
    ]);
  });

  test.each(['email', 'name', 'phone_number', 'address', 'birthdate'])('GIVEN %s THEN it is marked as personal data', (name) => {
    expect(explainClaims({ [name]: 'x' })[0]?.personalData).toBe(true);
  });

  test.each(['exp', 'nbf', 'iat', 'auth_time', 'updated_at'])('GIVEN %s THEN it is marked as a time', (name) => {
    expect(explainClaims({ [name]: 1 })[0]?.isTime).toBe(true);
  });

  test('GIVEN a string value THEN it is shown without quotes; other values as JSON', () => {
    expect(explainClaims({ a: 'text', b: null, c: { d: [1, true] } }).map((entry) => entry.display)).toEqual(['text', 'null', '{"d":[1,true]}']);
  });

  test('GIVEN a long value ending in an emoji THEN it is cut without splitting the emoji', () => {
    const display = explainClaims({ a: `${'x'.repeat(198)}😀😀` })[0]?.display ?? '';
    expect(display.endsWith('x…')).toBe(true);
    expect(display.length).toBeLessThanOrEqual(200);
  });
});
