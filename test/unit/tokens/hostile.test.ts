import { describe, expect, test } from 'vitest';
import { decodeCompact, inspectToken, type Inspection, type SignedInspection } from '../../../src/tokens/index.js';
import { b64, compact, FAKE_SIGNATURE, jwt } from './jose-builders.js';
import { tokenOf } from './vectors.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const HS256 = { alg: 'HS256', typ: 'JWT' };

function signed(inspection: Inspection): SignedInspection {
  if (inspection.kind !== 'jws' && inspection.kind !== 'unsecured') throw new Error(`expected a JWS, got ${inspection.kind}`);
  return inspection;
}

describe('inputs that are not tokens', () => {
  test.each([
    ['an empty string', ''],
    ['whitespace', ' \t\n '],
  ])('GIVEN %s THEN it is "empty"', (_case, input) => {
    expect(inspectToken(input, NOW)).toEqual({ kind: 'empty' });
  });

  test('GIVEN 1 MiB THEN it is refused as too long, with the limit, and still warned about', () => {
    const inspection = inspectToken('e'.repeat(1024 * 1024), NOW);
    expect(inspection).toMatchObject({ kind: 'too-long', limitBytes: 16384, leak: { level: 'unknown' } });
    if (inspection.kind === 'too-long') expect(inspection.bytes).toBeGreaterThan(16384);
  });

  test.each<[string, string, string, Record<string, unknown>]>([
    ['dots only', 'no-token-found', '...', {}],
    ['two parts', 'not-three-parts', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0', { parts: 2 }],
    ['four parts', 'not-three-parts', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.abc.def', { parts: 4 }],
    ['an empty header', 'empty-header', '{"id_token":".eyJzdWIiOiJhIn0.abc"}', { segment: 'header' }],
    ['a header in standard base64', 'bad-base64url', 'eyJhbGci+iJIUzI1NiJ9.eyJzdWIiOiJhIn0.abc', { segment: 'header', problem: 'standard-base64' }],
    ['a padded header', 'bad-base64url', 'eyJhbGciOiJIUzI1NiJ9==.eyJzdWIiOiJhIn0.abc', { segment: 'header', problem: 'padding' }],
    ['a header one character short', 'bad-base64url', 'eyJhbGciOiJIUzI1NiJ9a.eyJzdWIiOiJhIn0.abc', { segment: 'header', problem: 'bad-length' }],
    ['a header that is not JSON', 'header-not-json', `${b64('alg: HS256')}.${b64('{}')}.abc`, { segment: 'header' }],
    ['a header that is binary', 'header-not-json', `${Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64url')}.${b64('{}')}.abc`, { segment: 'header' }],
    ['a header that is a JSON array', 'header-not-object', `${b64('["alg","HS256"]')}.${b64('{}')}.abc`, { segment: 'header' }],
    ['a header that is a JSON number', 'header-not-object', `${b64('123456789012345678')}.${b64('{}')}.abc`, { segment: 'header' }],
    ['a payload that is not base64url', 'bad-base64url', `${b64('{"alg":"HS256"}')}.not~base64.abc`, { segment: 'payload', problem: 'bad-character' }],
    ['a JWE with a broken ciphertext', 'bad-base64url', `${b64('{"alg":"dir","enc":"A128GCM"}')}..aXY.ci~pher.dGFn`, { segment: 'ciphertext' }],
    ['an opaque token', 'looks-opaque', 'gAAAAABkZ3d2c2VjcmV0LW9wYXF1ZS10b2tlbg', { parts: 1 }],
  ])('GIVEN %s THEN it is not a token, with reason %s', (_case, reason, input, details) => {
    expect(inspectToken(input, NOW)).toMatchObject({ kind: 'not-a-token', reason, ...details, leak: { level: 'unknown' } });
  });

  test.each<[string, string, string, Record<string, unknown>]>([
    ['an empty header', 'empty-header', '.eyJzdWIiOiJhIn0.abc', { segment: 'header' }],
    ['a character outside base64url in the header', 'bad-base64url', 'eyJhbGci*iJIUzI1NiJ9.eyJzdWIiOiJhIn0.abc', { segment: 'header', problem: 'bad-character' }],
    ['a character outside base64url in the payload', 'bad-base64url', `${b64('{"alg":"HS256"}')}.not*base64.abc`, { segment: 'payload', problem: 'bad-character' }],
    ['a JWE tag with a space', 'bad-base64url', `${b64('{"alg":"dir","enc":"A128GCM"}')}..aXY.Y2lwaGVy.dG Fn`, { segment: 'tag', problem: 'bad-character' }],
  ])('GIVEN a candidate with %s THEN decodeCompact says %s', (_case, reason, candidate, details) => {
    expect(decodeCompact(candidate)).toMatchObject({ kind: 'malformed', reason, ...details });
  });

  test('GIVEN an authorisation code from a redirect THEN it is said to be a code, not a token', () => {
    expect(inspectToken('https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=x', NOW)).toMatchObject({
      kind: 'not-a-token',
      reason: 'authorization-code',
      found: { source: 'url:query:code' },
    });
  });
});

describe('payloads that are not a claims set', () => {
  test.each<[string, string, unknown]>([
    ['a JSON array', compact('{"alg":"HS256"}', '[1,2,3]'), { kind: 'json-array', json: [1, 2, 3] }],
    ['a JSON string', compact('{"alg":"HS256"}', '"hello"'), { kind: 'json-value', json: 'hello' }],
    ['JSON null', compact('{"alg":"HS256"}', 'null'), { kind: 'json-value', json: null }],
    ['plain text', compact('{"alg":"HS256"}', 'Live long and prosper.'), { kind: 'text', text: 'Live long and prosper.', unencoded: false }],
    ['whitespace', compact('{"alg":"HS256"}', '  \n '), { kind: 'empty' }],
    ['binary bytes', `${b64('{"alg":"HS256"}')}.${Buffer.from([0xff, 0x00, 0xfe]).toString('base64url')}.${FAKE_SIGNATURE}`, { kind: 'binary', bytes: 3 }],
    ['nothing, with a signature (detached content)', `${b64('{"alg":"HS256"}')}..${FAKE_SIGNATURE}`, { kind: 'detached' }],
    ['nothing, without a signature', `${b64('{"alg":"none"}')}..`, { kind: 'empty' }],
    ['unencoded content (b64: false)', `${b64('{"alg":"HS256","b64":false,"crit":["b64"]}')}.raw~payload.${FAKE_SIGNATURE}`, { kind: 'text', text: 'raw~payload', unencoded: true }],
  ])('GIVEN a JWS whose payload is %s THEN it is shown as such, without claims and without an error', (_case, token, payload) => {
    const inspection = signed(inspectToken(token, NOW));
    expect(inspection.payload).toEqual(payload);
    expect(inspection.claims).toBeUndefined();
    expect(inspection.times).toBeUndefined();
    expect(inspection.verdict).toBeUndefined();
  });
});

describe('hostile claims and headers', () => {
  test('GIVEN __proto__ and constructor claims THEN they are plain data and nothing is polluted', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const token = compact('{"alg":"HS256","__proto__":{"polluted":"header"}}', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"toString":"x","sub":"a"}');
    const inspection = signed(inspectToken(token, NOW));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(inspection.claims?.map((claim) => [claim.name, claim.label, claim.origin])).toEqual([
      ['__proto__', undefined, 'unknown'],
      ['constructor', undefined, 'unknown'],
      ['toString', undefined, 'unknown'],
      ['sub', 'Subject', 'registered'],
    ]);
    expect(inspection.claims?.[0]?.display).toBe('{"polluted":"yes"}');
    expect(inspection.headerEntries.map((entry) => entry.name)).toEqual(['alg', '__proto__']);
    expect(inspection.verdict?.role).toBe('unknown');
  });

  test('GIVEN a constructor claim THEN the role judge does not read Object\'s constructor', () => {
    const inspection = signed(inspectToken(jwt(HS256, { constructor: 'x', hasOwnProperty: 1, valueOf: 2 }), NOW));
    expect(inspection.verdict?.role).toBe('unknown');
    expect(inspection.times?.state).toBe('no-expiry');
  });

  test.each<[string, unknown, string]>([
    ['a huge number (1e20)', 1e20, 'out-of-range'],
    ['a number past the year 9999', 253402300800, 'out-of-range'],
    ['a string', '1700000000', 'not-a-number'],
    ['a boolean', true, 'not-a-number'],
    ['an object', { seconds: 1 }, 'not-a-number'],
    ['a negative number', -1, 'negative'],
  ])('GIVEN exp as %s THEN it is flagged, not crashed on', (_case, exp, problem) => {
    const inspection = signed(inspectToken(jwt(HS256, { sub: 'a', exp }), NOW));
    expect(inspection.times?.exp).toMatchObject({ ok: false, problem });
    expect(inspection.times?.state).toBe('unclear');
    expect(inspection.leak.level).toBe('unknown');
    expect(inspection.risks).toContainEqual(expect.objectContaining({ code: 'time-claim-problem' }));
  });

  test('GIVEN exp written as 1e400 (Infinity once parsed) THEN it is out of range', () => {
    const inspection = signed(inspectToken(compact('{"alg":"HS256"}', '{"exp":1e400}'), NOW));
    expect(inspection.times?.exp).toMatchObject({ ok: false, problem: 'out-of-range' });
  });

  test('GIVEN a negative iat THEN it is flagged and the token is still read', () => {
    const inspection = signed(inspectToken(jwt(HS256, { iat: -100, exp: NOW_SECONDS + 60 }), NOW));
    expect(inspection.times?.iat).toMatchObject({ ok: false, problem: 'negative' });
    expect(inspection.times?.problems).toEqual([{ claim: 'iat', problem: 'negative' }]);
    expect(inspection.times?.state).toBe('valid');
  });

  test('GIVEN a crit header THEN it is a risk note', () => {
    const inspection = signed(inspectToken(jwt({ alg: 'ES256', crit: ['exp'], exp: 1 }, { sub: 'a', exp: NOW_SECONDS + 60 }), NOW));
    expect(inspection.risks.map((risk) => risk.code)).toContain('crit-header');
  });

  test.each(['jku', 'x5u'])('GIVEN a %s header THEN it is a risk note and the URL is shown, never fetched', (name) => {
    const inspection = signed(inspectToken(jwt({ alg: 'RS256', [name]: 'https://attacker.example/keys' }, { sub: 'a' }), NOW));
    expect(inspection.risks.map((risk) => risk.code)).toContain('key-url-header');
    expect(inspection.headerEntries.find((entry) => entry.name === name)?.display).toBe('https://attacker.example/keys');
  });

  test('GIVEN an embedded jwk header THEN it is a risk note', () => {
    const inspection = signed(inspectToken(jwt({ alg: 'RS256', jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }, { sub: 'a' }), NOW));
    expect(inspection.risks.map((risk) => risk.code)).toContain('embedded-key-header');
  });

  test('GIVEN a header without alg THEN it is read, with a risk note', () => {
    const inspection = signed(inspectToken(jwt({ typ: 'JWT' }, { sub: 'a' }), NOW));
    expect(inspection).toMatchObject({ kind: 'jws', alg: undefined });
    expect(inspection.risks.map((risk) => risk.code)).toContain('alg-missing');
  });

  test.each(['none', 'None', 'NONE'])('GIVEN alg "%s" THEN it is unsecured, whatever its case', (alg) => {
    expect(inspectToken(jwt({ alg }, { sub: 'a' }, ''), NOW).kind).toBe('unsecured');
  });

  test('GIVEN a very long claim value THEN its display is truncated and the value kept', () => {
    const inspection = signed(inspectToken(jwt(HS256, { note: 'x'.repeat(5000) }), NOW));
    const claim = inspection.claims?.[0];
    expect(claim?.display.length).toBe(200);
    expect(claim?.display.endsWith('…')).toBe(true);
    expect(claim?.value).toBe('x'.repeat(5000));
  });

  test('GIVEN a payload nested thousands of arrays deep THEN it is shown without crashing', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const inspection = signed(inspectToken(compact('{"alg":"HS256"}', `{"deep":${deep}}`), NOW));
    expect(inspection.payload.kind).toBe('claims');
  });

  test('GIVEN a signature with a bad character THEN the token is still read and the problem is said', () => {
    const [header, payload] = tokenOf('RFC 7515 Appendix A.1').split('.');
    const inspection = signed(inspectToken(`${header}.${payload}.abc=`, NOW));
    expect(inspection.signature).toEqual({ verified: false, present: true, bytes: 3, problem: 'padding' });
  });
});

describe('nested tokens (cty: JWT)', () => {
  const inner = jwt({ alg: 'RS256' }, { iss: 'https://issuer.example', sub: 'a', exp: NOW_SECONDS + 3600, scope: 'read' });

  test('GIVEN a JWS wrapping a JWT THEN the inner token is opened one level and decides the leak level', () => {
    const outer = compact('{"alg":"HS256","cty":"JWT"}', inner);
    const inspection = signed(inspectToken(outer, NOW));
    expect(inspection.payload).toMatchObject({ kind: 'nested', text: inner });
    expect(inspection.nested).toMatchObject({ kind: 'jws', header: { alg: 'RS256' }, verdict: { role: 'access-token' } });
    expect(inspection.leak.level).toBe('live');
  });

  test('GIVEN three levels of nesting THEN the third is left closed', () => {
    const middle = compact('{"alg":"HS256","cty":"jwt"}', inner);
    const outer = compact('{"alg":"HS256","cty":"application/JWT"}', middle);
    const inspection = signed(inspectToken(outer, NOW));
    const nested = inspection.nested;
    if (nested?.kind !== 'jws') throw new Error(`nested: ${nested?.kind}`);
    expect(nested.payload).toEqual({ kind: 'nested-not-opened', text: inner });
    expect(nested.nested).toBeUndefined();
  });

  test('GIVEN cty JWT over something that is not a token THEN the inner result says why', () => {
    const inspection = signed(inspectToken(compact('{"alg":"HS256","cty":"JWT"}', 'not a token at all'), NOW));
    expect(inspection.nested).toMatchObject({ kind: 'not-a-token', reason: 'looks-opaque' });
  });

  test('GIVEN a JWS wrapping a JWE THEN the inner JWE shows its header only', () => {
    const jwe = `${b64('{"alg":"dir","enc":"A256GCM"}')}..aXZpdml2aXZpdml2.Y2lwaGVy.dGFndGFndGFndGFn`;
    const inspection = signed(inspectToken(compact('{"alg":"HS256","cty":"JWT"}', jwe), NOW));
    expect(inspection.nested).toMatchObject({ kind: 'jwe', alg: 'dir', enc: 'A256GCM' });
  });
});

describe('pasted the way people paste', () => {
  const token = jwt(HS256, { sub: 'a', exp: NOW_SECONDS + 600 });

  test.each([
    ['a spoiler in a code block', `\`\`\`\n||${token}||\n\`\`\``],
    ['a JSON body', `{"access_token":"${token}","token_type":"Bearer"}`],
    ['a URL fragment', `https://app.example/cb#access_token=${token}&expires_in=600`],
    ['homoglyph dots', token.replaceAll('.', '\uFF0E')],
    ['zero-width characters inside', token.replace('.', '\u200B.\u200C')],
    ['a Bearer header', `Authorization: Bearer ${token}`],
  ])('GIVEN %s THEN the token is decoded and still live', (_case, input) => {
    const inspection = signed(inspectToken(input, NOW));
    expect(inspection.payload).toMatchObject({ kind: 'claims', claims: { sub: 'a' } });
    expect(inspection.leak.level).toBe('live');
  });

  test('GIVEN homoglyph dots THEN the answer carries the note', () => {
    const inspection = signed(inspectToken(token.replaceAll('.', '\u2024'), NOW));
    expect(inspection.found.notes).toEqual(['Replaced 2 look-alike dots (U+2024) with ".".']);
  });
});
