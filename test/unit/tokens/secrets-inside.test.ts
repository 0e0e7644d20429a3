import { describe, expect, test } from 'vitest';
import { inspectToken, type Inspection, type SignedInspection } from '../../../src/tokens/index.js';
import type { InsideWhere } from '../../../src/tokens/secrets-inside.js';
import { fake } from './fake-secrets.js';
import { compact, jwt } from './jose-builders.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const GITHUB = `ghp_${fake(32)}x7Qa`;
const AWS_KEY = `AKIA${fake(12)}WXYZ`;
const STRIPE = `sk_live_${fake(20)}tail`;
const EXPIRED = 1_000_000_000;

function signed(inspection: Inspection): SignedInspection {
  if (inspection.kind !== 'jws' && inspection.kind !== 'unsecured') throw new Error(`expected a JWS, got ${inspection.kind}`);
  return inspection;
}

describe('secrets inside a decoded token are masked, wherever they hide', () => {
  test.each<[string, string, string, InsideWhere]>([
    ['a claim value', jwt({ alg: 'HS256' }, { sub: 'a', gh: GITHUB }), GITHUB, { section: 'claim', name: 'gh', nested: false }],
    ['a claim nested in objects and arrays', jwt({ alg: 'HS256' }, { ctx: { keys: [{ aws: AWS_KEY }] } }), AWS_KEY, { section: 'claim', name: 'ctx', nested: true }],
    ['a claim name', jwt({ alg: 'HS256' }, { [GITHUB]: true }), GITHUB, { section: 'claim', name: undefined, nested: false }],
    ['a nested claim name', jwt({ alg: 'HS256' }, { keys: { [GITHUB]: true } }), GITHUB, { section: 'claim', name: 'keys', nested: true }],
    ['a header value (kid)', jwt({ alg: 'HS256', kid: AWS_KEY }, { sub: 'a' }), AWS_KEY, { section: 'header', name: 'kid', nested: false }],
    ['the algorithm itself', jwt({ alg: STRIPE }, { sub: 'a' }), STRIPE, { section: 'header', name: 'alg', nested: false }],
    ['a plain-text payload', compact('{"alg":"HS256"}', GITHUB), GITHUB, { section: 'payload', name: undefined, nested: false }],
    ['a text payload with words around it', compact('{"alg":"HS256"}', `deploy key: ${GITHUB} (do not share)`), GITHUB, { section: 'payload', name: undefined, nested: false }],
    ['a JSON string payload', compact('{"alg":"HS256"}', JSON.stringify(GITHUB)), GITHUB, { section: 'payload', name: undefined, nested: false }],
    ['a JSON array payload', compact('{"alg":"HS256"}', JSON.stringify(['x', GITHUB])), GITHUB, { section: 'payload', name: undefined, nested: false }],
    ['a labelled client secret claim', jwt({ alg: 'HS256' }, { client_secret: fake(32) }), fake(32), { section: 'claim', name: 'client_secret', nested: false }],
    ['a Basic authorization claim', jwt({ alg: 'HS256' }, { authorization: `Basic ${Buffer.from('fakeuser:FAKEFAKE').toString('base64')}` }), Buffer.from('fakeuser:FAKEFAKE').toString('base64'), { section: 'claim', name: 'authorization', nested: false }],
  ])('GIVEN a secret in %s THEN it is named and masked, never shown whole', (_case, token, secret, where) => {
    const inspection = signed(inspectToken(token, NOW));
    expect(inspection.secretsInside.length).toBeGreaterThan(0);
    expect(inspection.secretsInside[0]?.where).toEqual(where);
    expect(inspection.secretsInside[0]?.masked.length).toBeLessThan(secret.length);
    expect(JSON.stringify(inspection)).not.toContain(secret);
  });

  test('GIVEN a GitHub token in a claim THEN its family and variant are named as for a paste', () => {
    const [found] = signed(inspectToken(jwt({ alg: 'HS256' }, { gh: GITHUB }), NOW)).secretsInside;
    expect(found).toMatchObject({ family: { id: 'github-token' }, masked: 'ghp_…x7Qa', where: { section: 'claim', name: 'gh' } });
    expect(signed(inspectToken(jwt({ alg: 'HS256' }, { gh: GITHUB }), NOW)).claims?.[0]?.display).toBe('ghp_…x7Qa');
  });

  test('GIVEN a secret inside a token that has expired THEN the leak is still live, with the family revoke path', () => {
    const inspection = signed(inspectToken(jwt({ alg: 'HS256' }, { exp: EXPIRED, gh: GITHUB }), NOW));
    expect(inspection.leak.level).toBe('live');
    expect(inspection.leak.headline).toContain('GitHub token');
    expect(inspection.leak.advice).toContain('GitHub → Settings');
  });

  test('GIVEN a secret inside a token nested one level (cty: JWT) THEN it is masked there too', () => {
    const inner = jwt({ alg: 'HS256' }, { gh: GITHUB });
    const inspection = signed(inspectToken(compact('{"alg":"HS256","cty":"JWT"}', inner), NOW));
    expect(JSON.stringify(inspection.nested)).not.toContain(GITHUB);
    expect(inspection.leak.level).toBe('live');
  });

  test('GIVEN a secret in a claim thousands of levels deep THEN it is found without overflowing the stack', () => {
    const deep = `${'['.repeat(4000)}"${GITHUB}"${']'.repeat(4000)}`;
    const inspection = signed(inspectToken(compact('{"alg":"HS256"}', `{"deep":${deep}}`), NOW));
    expect(inspection.secretsInside.map((found) => found.where)).toEqual([{ section: 'claim', name: 'deep', nested: true }]);
    expect(JSON.stringify(inspection.payload)).not.toContain(GITHUB);
  });

  test('GIVEN a claim named __proto__ beside a secret THEN the masked copy keeps it as a plain claim', () => {
    const inspection = signed(inspectToken(compact('{"alg":"HS256"}', `{"__proto__":{"x":1},"gh":"${GITHUB}"}`), NOW));
    expect(inspection.claims?.map((claim) => claim.name)).toEqual(['__proto__', 'gh']);
  });

  test('GIVEN a token with no secret inside THEN its claims are the decoded ones, untouched', () => {
    const token = jwt({ alg: 'HS256' }, { sub: 'a', note: 'ghp_ is the prefix of GitHub tokens' });
    expect(signed(inspectToken(token, NOW))).toMatchObject({ secretsInside: [], payload: { claims: { note: 'ghp_ is the prefix of GitHub tokens' } } });
  });
});
