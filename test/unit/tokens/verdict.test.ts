import { describe, expect, test } from 'vitest';
import { inspectToken, judgeRole, LONG_LIFETIME_SECONDS, type Inspection, type RiskCode, type SignedInspection } from '../../../src/tokens/index.js';
import { jwt } from './jose-builders.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const T = NOW.getTime() / 1000;
const HOUR = 3600;
const DAY = 86_400;

function signed(inspection: Inspection): SignedInspection {
  if (inspection.kind !== 'jws' && inspection.kind !== 'unsecured') throw new Error(`expected a JWS, got ${inspection.kind}`);
  return inspection;
}

describe('what job a token does', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['typ at+jwt (RFC 9068)', { alg: 'RS256', typ: 'at+jwt' }, { sub: 'a', nonce: 'n' }, 'access-token'],
    ['typ application/at+jwt', { alg: 'RS256', typ: 'application/at+jwt' }, { sub: 'a' }, 'access-token'],
    ['scope and client_id', { alg: 'RS256' }, { scope: 'read write', client_id: 'app' }, 'access-token'],
    ['scp (Entra ID)', { alg: 'RS256' }, { scp: 'User.Read', aud: 'api://x' }, 'access-token'],
    ['Okta cid', { alg: 'RS256' }, { cid: '0oa1', aud: 'api://default' }, 'access-token'],
    ['token_use access (Cognito)', { alg: 'RS256' }, { token_use: 'access' }, 'access-token'],
    ['Keycloak typ Bearer', { alg: 'RS256' }, { typ: 'Bearer' }, 'access-token'],
    ['nonce and at_hash', { alg: 'RS256' }, { aud: 'client-1', nonce: 'n', at_hash: 'h' }, 'id-token'],
    ['token_use id (Cognito)', { alg: 'RS256' }, { token_use: 'id', aud: 'client-1' }, 'id-token'],
    ['Keycloak typ ID', { alg: 'RS256' }, { typ: 'ID' }, 'id-token'],
    ['a client audience and auth_time', { alg: 'RS256' }, { aud: 's6BhdRkqt3', auth_time: 1 }, 'id-token'],
    ['token_use refresh', { alg: 'RS256' }, { token_use: 'refresh' }, 'refresh-token'],
    ['Keycloak typ Refresh', { alg: 'HS256' }, { typ: 'Refresh' }, 'refresh-token'],
    ['Keycloak typ Offline', { alg: 'HS256' }, { typ: 'Offline' }, 'refresh-token'],
    ['no clue at all', { alg: 'RS256' }, { iss: 'x', sub: 'y' }, 'unknown'],
    ['an API URL audience and nothing else', { alg: 'RS256' }, { aud: 'https://api.example' }, 'unknown'],
    ['evenly split clues', { alg: 'RS256' }, { nonce: 'n', scope: 'read' }, 'unknown'],
  ])('GIVEN %s THEN it looks like %s', (_case, header, claims, role) => {
    const verdict = judgeRole(header as never, claims as never);
    expect(verdict.role).toBe(role);
    expect(verdict.reasons.length).toBeGreaterThan(0);
  });

  test('GIVEN evenly split clues THEN the reasons show both sides', () => {
    const verdict = judgeRole({ alg: 'RS256' }, { nonce: 'n', scope: 'read' });
    expect(verdict.reasons[0]).toMatch(/both ways/);
    expect(verdict.reasons.join(' ')).toMatch(/nonce/);
    expect(verdict.reasons.join(' ')).toMatch(/scopes/);
  });
});

describe('risk notes', () => {
  const codes = (header: Record<string, unknown>, claims: Record<string, unknown>): RiskCode[] =>
    signed(inspectToken(jwt(header, claims, header['alg'] === 'none' ? '' : undefined), NOW)).risks.map((risk) => risk.code);

  test.each<[string, Record<string, unknown>, Record<string, unknown>, RiskCode[]]>([
    ['a tidy RS256 access token', { alg: 'RS256', typ: 'at+jwt' }, { scope: 'a', iat: T, exp: T + HOUR }, []],
    ['alg none', { alg: 'none' }, { iat: T, exp: T + HOUR }, ['alg-none']],
    ['HS256', { alg: 'HS256' }, { iat: T, exp: T + HOUR }, ['symmetric-alg']],
    ['HS512', { alg: 'HS512' }, { iat: T, exp: T + HOUR }, ['symmetric-alg']],
    ['no exp', { alg: 'ES256' }, { iat: T }, ['missing-exp']],
    ['an access token living two days', { alg: 'ES256' }, { scope: 'a', iat: T, exp: T + 2 * DAY }, ['long-lifetime']],
    ['an ID token living two days (under 30)', { alg: 'ES256' }, { nonce: 'n', iat: T, exp: T + 2 * DAY }, []],
    ['any token living 31 days', { alg: 'ES256' }, { iat: T, exp: T + 31 * DAY }, ['long-lifetime']],
    ['no iat but 40 days left', { alg: 'ES256' }, { exp: T + 40 * DAY }, ['long-lifetime']],
    ['an email and a phone number', { alg: 'ES256' }, { email: 'a@example.com', phone_number: '+1', exp: T + HOUR }, ['personal-data']],
    ['an iat an hour ahead', { alg: 'ES256' }, { iat: T + HOUR, exp: T + 2 * HOUR }, ['issued-in-future']],
    ['an iat a minute ahead (clock skew)', { alg: 'ES256' }, { iat: T + 60, exp: T + HOUR }, []],
  ])('GIVEN %s THEN the risk notes are %j', (_case, header, claims, expected) => {
    expect(codes(header, claims)).toEqual(expected);
  });

  test('GIVEN the chosen thresholds THEN they are a day for access tokens and 30 days for any token', () => {
    expect(LONG_LIFETIME_SECONDS).toEqual({ accessToken: DAY, anyToken: 30 * DAY });
  });

  test('GIVEN personal data THEN the note names the claims found', () => {
    const risks = signed(inspectToken(jwt({ alg: 'RS256' }, { name: 'A', birthdate: '2000-01-01', address: { country: 'X' }, exp: T + 60 }), NOW)).risks;
    expect(risks.find((risk) => risk.code === 'personal-data')?.text).toMatch(/\(name, address, birthdate\)/);
  });

  test('GIVEN a JWE THEN header risks still apply', () => {
    const jwe = `${Buffer.from('{"alg":"RSA-OAEP","enc":"A256GCM","jku":"https://x.example/keys"}').toString('base64url')}.a2V5.aXY.Y2lwaGVy.dGFn`;
    const inspection = inspectToken(jwe, NOW);
    expect(inspection.kind === 'jwe' && inspection.risks.map((risk) => risk.code)).toEqual(['key-url-header']);
  });
});

describe('the leak warning', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['valid now', { exp: T + HOUR }, 'live'],
    ['valid later', { nbf: T + HOUR, exp: T + 2 * HOUR }, 'live'],
    ['never expiring', { sub: 'a' }, 'live'],
    ['expired', { exp: T - HOUR }, 'expired'],
    ['with an unreadable exp', { exp: 'soon' }, 'unknown'],
  ])('GIVEN a token %s THEN the warning level is %s', (_case, claims, level) => {
    expect(signed(inspectToken(jwt({ alg: 'RS256' }, claims), NOW)).leak.level).toBe(level);
  });

  test('GIVEN a live token THEN the warning says when it stops working by itself', () => {
    const leak = signed(inspectToken(jwt({ alg: 'RS256' }, { exp: T + HOUR }), NOW)).leak;
    expect(leak.expires).toEqual({ unix: T + HOUR, iso: '2025-06-01T13:00:00Z' });
    expect(leak.headline).toMatch(/2025-06-01T13:00:00Z/);
  });

  test.each<[Record<string, unknown>, RegExp]>([
    [{ scope: 'a', exp: T + HOUR }, /Revoke it at its issuer/],
    [{ nonce: 'n', exp: T + HOUR }, /ID token cannot be revoked/],
    [{ token_use: 'refresh', exp: T + HOUR }, /refresh token mints new access tokens/],
  ])('GIVEN a token with %j THEN the advice fits its role', (claims, advice) => {
    expect(signed(inspectToken(jwt({ alg: 'RS256' }, claims), NOW)).leak.advice).toMatch(advice);
  });
});
