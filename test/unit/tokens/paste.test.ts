import { describe, expect, test } from 'vitest';
import { inspectPaste, MAX_CREDENTIALS, type CredentialInspection, type PasteInspection } from '../../../src/tokens/index.js';
import { fake } from './fake-secrets.js';
import { jwt } from './jose-builders.js';
import { tokenOf } from './vectors.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const ID_TOKEN = jwt({ alg: 'RS256', kid: 'k1' }, { iss: 'https://server.example.com', sub: '248289761001', aud: 's6BhdRkqt3', nonce: 'n-0S6_WzA2Mj', exp: NOW_SECONDS + 600 });
const ACCESS_TOKEN = jwt({ alg: 'RS256', typ: 'at+jwt' }, { iss: 'https://server.example.com', sub: '248289761001', scope: 'openid profile', exp: NOW_SECONDS + 600 });
const OPAQUE = 'SlAV32hkKG2Mq8bTnBnJpZ7x';

function paste(input: string): PasteInspection {
  const inspection = inspectPaste(input, NOW);
  if (inspection.kind !== 'paste') throw new Error(`expected a paste, got ${inspection.kind}`);
  return inspection;
}

/** Each credential as [where it came from, what it is]. */
const summary = (credential: CredentialInspection) => [credential.kind === 'secret' ? 'secret' : (credential.found?.source ?? 'none'), credential.kind];

describe('every credential in a paste', () => {
  test.each<[string, string, string[][]]>([
    [
      'an implicit-flow redirect with an opaque access token and an ID token',
      `https://client.example.org/cb#access_token=${OPAQUE}&token_type=Bearer&id_token=${ID_TOKEN}&state=af0ifjsldkj`,
      [['url:fragment:access_token', 'not-a-token'], ['url:fragment:id_token', 'jws']],
    ],
    [
      'a hybrid-flow callback with a code and an ID token',
      `https://client.example.org/callback?code=${OPAQUE}&id_token=${ID_TOKEN}&state=xyz`,
      [['url:query:code', 'not-a-token'], ['url:query:id_token', 'jws']],
    ],
    [
      'a JSON token response with an access token and an ID token',
      `{"access_token":"${ACCESS_TOKEN}","token_type":"Bearer","expires_in":600,"refresh_token":"${OPAQUE}","id_token":"${ID_TOKEN}"}`,
      [['json:access_token', 'jws'], ['json:refresh_token', 'not-a-token'], ['json:id_token', 'jws']],
    ],
    ['two JWTs on separate lines', `${ACCESS_TOKEN}\n${ID_TOKEN}`, [['plain', 'jws'], ['plain', 'jws']]],
    ['a Bearer header and a JWT further down', `Authorization: Bearer ${OPAQUE}\nand my id token: ${ID_TOKEN}`, [['authorization-header', 'not-a-token'], ['plain', 'jws']]],
    ['a GitHub token next to a JWT', `ghp_${fake(36)} and ${ID_TOKEN}`, [['secret', 'secret'], ['plain', 'jws']]],
  ])('GIVEN %s THEN each credential is found, with where it came from', (_case, input, expected) => {
    expect(paste(input).credentials.map(summary)).toEqual(expected);
  });

  test('GIVEN a redirect THEN the ID token in it is decoded and judged an ID token', () => {
    const [, idToken] = paste(`https://client.example.org/cb#access_token=${OPAQUE}&id_token=${ID_TOKEN}`).credentials;
    expect(idToken).toMatchObject({ kind: 'jws', verdict: { role: 'id-token' }, leak: { level: 'live' } });
  });

  test('GIVEN a code and an ID token THEN the code is still called an authorization code', () => {
    const [code] = paste(`/callback?code=${OPAQUE}&id_token=${ID_TOKEN}`).credentials;
    expect(code).toMatchObject({ kind: 'not-a-token', reason: 'authorization-code' });
  });

  test('GIVEN the same token twice THEN it is one credential', () => {
    expect(paste(`Authorization: Bearer ${ID_TOKEN}\n{"id_token":"${ID_TOKEN}"}`).credentials).toHaveLength(1);
  });

  test('GIVEN more credentials than the cap THEN the first ones are inspected and the rest counted', () => {
    const lines = Array.from({ length: MAX_CREDENTIALS + 3 }, (_, index) => jwt({ alg: 'HS256' }, { sub: `user-${index}` }));
    const result = paste(lines.join('\n'));
    expect(result.credentials).toHaveLength(MAX_CREDENTIALS);
    expect(result.leftOut).toBe(3);
  });

  test('GIVEN one token THEN nothing is left out', () => {
    expect(paste(tokenOf('RFC 7515 Appendix A.1'))).toMatchObject({ leftOut: 0, credentials: [{ kind: 'jws' }] });
  });

  test('GIVEN prose THEN the only entry says nothing was found', () => {
    expect(paste('hello, how do I refresh a token?').credentials).toMatchObject([{ kind: 'not-a-token', reason: 'no-token-found' }]);
  });

  test('GIVEN two different credentials THEN their fingerprints differ, and the same one pasted twice keeps its fingerprint', () => {
    const [first, second] = paste(`${ACCESS_TOKEN}\n${ID_TOKEN}`).credentials;
    expect(first?.fingerprint).not.toBe(second?.fingerprint);
    expect(paste(`look: ${ID_TOKEN}`).credentials[0]?.fingerprint).toBe(second?.fingerprint);
    expect(JSON.stringify(first)).not.toContain(ACCESS_TOKEN.split('.')[1]);
  });
});
