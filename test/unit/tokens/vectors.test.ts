import { describe, expect, test } from 'vitest';
import { inspectToken, type Inspection, type SignedInspection } from '../../../src/tokens/index.js';
import { ENCRYPTED_VECTORS, NESTED_JWE, RFC_7515_A1_AS_PRINTED, SIGNED_VECTORS, tokenOf } from './vectors.js';

const NOW = new Date('2025-06-01T12:00:00Z');

function signed(inspection: Inspection): SignedInspection {
  if (inspection.kind !== 'jws' && inspection.kind !== 'unsecured') throw new Error(`expected a JWS, got ${inspection.kind}`);
  return inspection;
}

describe('published JWS and JWT examples', () => {
  test.each(SIGNED_VECTORS.map((vector) => [vector.name, vector] as const))(
    'GIVEN %s THEN the header decodes to the published JSON',
    (_name, vector) => {
      expect(signed(inspectToken(vector.token, NOW)).header).toEqual(vector.header);
    },
  );

  test.each(SIGNED_VECTORS.map((vector) => [vector.name, vector] as const))(
    'GIVEN %s THEN the payload decodes to the published content',
    (_name, vector) => {
      const { payload, claims } = signed(inspectToken(vector.token, NOW));
      if ('claims' in vector.payload) {
        expect(payload).toEqual({ kind: 'claims', claims: vector.payload.claims });
        expect(claims?.map((claim) => claim.name)).toEqual(Object.keys(vector.payload.claims));
      } else if ('text' in vector.payload) {
        expect(payload).toEqual({ kind: 'text', text: vector.payload.text, unencoded: false });
        expect(claims).toBeUndefined();
      } else {
        expect(payload).toEqual({ kind: 'detached' });
        expect(claims).toBeUndefined();
      }
    },
  );

  test.each(SIGNED_VECTORS.map((vector) => [vector.name, vector] as const))(
    'GIVEN %s THEN no signature is ever called valid or invalid, only present or absent',
    (_name, vector) => {
      const inspection = signed(inspectToken(vector.token, NOW));
      expect(inspection.signature).toMatchObject({ verified: false, present: inspection.kind === 'jws' });
      expect(JSON.stringify(inspection)).not.toMatch(/\b(?:valid|invalid) signature\b/i);
    },
  );

  test('GIVEN RFC 7515 A.5 (alg none) THEN it is reported as unsecured with a high risk note', () => {
    const inspection = signed(inspectToken(tokenOf('RFC 7515 Appendix A.5'), NOW));
    expect(inspection.kind).toBe('unsecured');
    expect(inspection.risks).toContainEqual(expect.objectContaining({ code: 'alg-none', severity: 'high' }));
  });

  test('GIVEN the RFC 7519 example THEN exp 1300819380 reads as 2011-03-22T18:43:00Z, long expired', () => {
    const { times, leak } = signed(inspectToken(tokenOf('RFC 7515 Appendix A.1'), NOW));
    expect(times?.exp).toEqual({ ok: true, seconds: 1300819380, unix: 1300819380, iso: '2011-03-22T18:43:00Z', relative: '14 years ago' });
    expect(times?.state).toBe('expired');
    expect(times?.summary).toBe('expired 14 years ago');
    expect(leak.level).toBe('expired');
  });

  test('GIVEN the OpenID Connect A.2 ID token THEN its times, lifetime and role are those of a 1000-second ID token', () => {
    const { times, verdict, risks } = signed(inspectToken(tokenOf('OpenID Connect Core 1.0 Appendix A.2'), NOW));
    expect(times?.iat).toMatchObject({ ok: true, iso: '2011-07-21T20:42:50Z' });
    expect(times?.exp).toMatchObject({ ok: true, iso: '2011-07-21T20:59:30Z' });
    expect(times?.lifetimeSeconds).toBe(1000);
    expect(times?.lifetime).toBe('16 minutes');
    expect(verdict?.role).toBe('id-token');
    expect(risks.map((risk) => risk.code)).toContain('personal-data');
  });

  test('GIVEN the OpenID Connect A.3 ID token THEN at_hash and nonce make it an ID token', () => {
    const { verdict } = signed(inspectToken(tokenOf('OpenID Connect Core 1.0 Appendix A.3'), NOW));
    expect(verdict?.role).toBe('id-token');
    expect(verdict?.reasons.join(' ')).toMatch(/at_hash/);
    expect(verdict?.reasons.join(' ')).toMatch(/nonce/);
  });

  test('GIVEN the jwt.io example THEN iat 1516239022 reads as 2018-01-18T01:30:22Z and it never expires', () => {
    const { times, leak, risks } = signed(inspectToken(tokenOf('jwt.io'), NOW));
    expect(times?.iat).toMatchObject({ ok: true, iso: '2018-01-18T01:30:22Z', unix: 1516239022 });
    expect(times?.state).toBe('no-expiry');
    expect(leak.level).toBe('live');
    expect(risks.map((risk) => risk.code)).toEqual(expect.arrayContaining(['symmetric-alg', 'missing-exp', 'personal-data']));
  });

  test('GIVEN RFC 7515 A.1 pasted with the RFC\'s line breaks THEN it decodes the same', () => {
    const inspection = signed(inspectToken(RFC_7515_A1_AS_PRINTED, NOW));
    expect(inspection.header).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(inspection.payload).toMatchObject({ kind: 'claims' });
  });
});

describe('published JWE examples', () => {
  test.each([...ENCRYPTED_VECTORS, NESTED_JWE].map((vector) => [vector.name, vector] as const))(
    'GIVEN %s THEN only its protected header is shown, exactly as published',
    (_name, vector) => {
      const inspection = inspectToken(vector.token, NOW);
      expect(inspection.kind).toBe('jwe');
      if (inspection.kind !== 'jwe') return;
      expect(inspection.header).toEqual(vector.header);
      expect(inspection.alg).toBe(vector.header['alg']);
      expect(inspection.enc).toBe(vector.header['enc']);
      expect(inspection.leak.level).toBe('unknown');
      expect(JSON.stringify(inspection)).not.toContain('Live long and prosper');
    },
  );

  test('GIVEN RFC 7520 §6 THEN the JWE says a JWT is nested inside, encrypted', () => {
    const inspection = inspectToken(NESTED_JWE.token, NOW);
    expect(inspection).toMatchObject({ kind: 'jwe', containsJwt: true });
  });

  test('GIVEN RFC 7520 §5.9 THEN its zip parameter is explained as compression', () => {
    const inspection = inspectToken(tokenOf('RFC 7520 §5.9'), NOW);
    if (inspection.kind !== 'jwe') throw new Error(inspection.kind);
    expect(inspection.headerEntries.find((entry) => entry.name === 'zip')).toMatchObject({ label: 'Compression', display: 'DEF' });
  });
});
