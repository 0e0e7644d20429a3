import { describe, expect, test } from 'vitest';
import { inspectToken, type Inspection, type SignedInspection } from '../../../src/tokens/index.js';
import { b64, compact } from './jose-builders.js';
import { JSON_VECTORS, tokenOf } from './vectors.js';

const NOW = new Date('2025-06-01T12:00:00Z');

function signed(inspection: Inspection): SignedInspection {
  if (inspection.kind !== 'jws' && inspection.kind !== 'unsecured') throw new Error(`expected a JWS, got ${inspection.kind}`);
  return inspection;
}

/** Standard base64 with its `=` padding kept, as hand-rolled encoders write it. */
const padded = (json: string) => Buffer.from(json).toString('base64').replaceAll('+', '-').replaceAll('/', '_');

describe('segments with base64 padding (RFC 7515 §2 forbids it)', () => {
  test.each([
    ['the payload', `${b64('{"alg":"HS256"}')}.${padded('{"sub":"a"}')}.c2ln`, ['payload'], { sub: 'a' }],
    ['the payload, two "="', `${b64('{"alg":"HS256"}')}.${padded('{"sub":"abc"}')}.c2ln`, ['payload'], { sub: 'abc' }],
    ['the header', `${padded('{"alg":"HS256","x":12}')}.${b64('{"sub":"a"}')}.c2ln`, ['header'], { sub: 'a' }],
    ['both', `${padded('{"alg":"HS256","x":12}')}.${padded('{"sub":"a"}')}.c2ln`, ['header', 'payload'], { sub: 'a' }],
  ])('GIVEN padding on %s THEN it is decoded and the padding is named', (_case, token, parts, claims) => {
    expect(token).toMatch(/=\./);
    const inspection = signed(inspectToken(token, NOW));
    expect(inspection.payload).toEqual({ kind: 'claims', claims });
    expect(inspection.padded).toEqual(parts);
  });

  test('GIVEN an unpadded token THEN no padding is reported', () => {
    expect(signed(inspectToken(tokenOf('RFC 7515 Appendix A.1'), NOW)).padded).toEqual([]);
  });

  test('GIVEN padding of the wrong length THEN it is still refused as padding', () => {
    expect(inspectToken(`${b64('{"alg":"HS256"}')}.${b64('{"sub":"a"}')}===.c2ln`, NOW)).toMatchObject({ kind: 'not-a-token', segment: 'payload', problem: 'padding' });
  });
});

describe('JWS JSON serialization (RFC 7515 §7.2)', () => {
  test.each(JSON_VECTORS.map((vector) => [vector.name, vector] as const))('GIVEN %s THEN the headers and payload are shown like the compact form', (_name, vector) => {
    const inspection = signed(inspectToken(vector.json, NOW));
    expect(inspection).toMatchObject({ serialization: vector.serialization, header: vector.protectedHeader, signatureCount: vector.signatureCount });
    expect(inspection.unprotectedEntries.map((entry) => [entry.name, entry.value])).toEqual(Object.entries(vector.unprotectedHeader));
    expect(inspection.alg).toBe(vector.protectedHeader.alg);
    expect(inspection.payload).toEqual({ kind: 'claims', claims: vector.claims });
    expect(inspection.signature).toMatchObject({ present: true, verified: false });
    expect(inspection.found.source).toBe('jws-json');
  });

  test('GIVEN the flattened form pretty-printed in a code block THEN it is still recognised', () => {
    const pretty = JSON.stringify(JSON.parse(JSON_VECTORS[1].json), null, 2);
    expect(signed(inspectToken(`\`\`\`json\n${pretty}\n\`\`\``, NOW)).serialization).toBe('flattened-json');
  });

  test('GIVEN an algorithm only in the unprotected header THEN it is used, and it is not taken for protected', () => {
    const json = JSON.stringify({ payload: b64('{"sub":"a"}'), header: { alg: 'HS256' }, signature: 'c2ln' });
    const inspection = signed(inspectToken(json, NOW));
    expect(inspection.alg).toBe('HS256');
    expect(inspection.header).toEqual({});
  });

  test('GIVEN other JSON with a payload field THEN it is not taken for a JWS', () => {
    expect(inspectToken('{"payload":"hello","note":"no signature here"}', NOW).kind).not.toBe('jws');
  });

  test('GIVEN a JSON JWS whose compact twin is published THEN both decode to the same claims', () => {
    const compactForm = signed(inspectToken(compact('{"alg":"ES256"}', JSON.stringify({ a: 1 })), NOW));
    const jsonForm = signed(inspectToken(JSON.stringify({ payload: b64(JSON.stringify({ a: 1 })), protected: b64('{"alg":"ES256"}'), signature: 'c2ln' }), NOW));
    expect(jsonForm.payload).toEqual(compactForm.payload);
  });
});
