import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { inspectToken, MAX_INPUT_BYTES, type SecretFamilyId } from '../../../src/tokens/index.js';

const NOW = new Date('2025-06-01T12:00:00Z');

const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const UPPER_ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const URL_SAFE = [...ALNUM, '-', '_'];
const TOKEN_SOUP = [...URL_SAFE, '.', '.', '.', '=', '+', '/', ' ', '\n', '"', '`', '|', '\uFF0E', '\u200B', '\u2014'];

const text = (alphabet: readonly string[], minLength: number, maxLength = minLength) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

/** Pieces of every context the extractor and the detectors react to, to be glued in any order. */
const TRIGGERS = [
  'eyJ', '.', '\n', '`', '```', '||', '"', '"id_token":"', '"access_token": "', '?code=', '#access_token=', '&', '=',
  'Bearer ', 'Bot ', 'Authorization: ', 'Basic ', 'ghp_', 'github_pat_', 'sk-', 'sk-ant-', 'sk_live_', 'npm_', 'AKIA', 'AIza',
  'ya29.', 'xoxb-1', 'MTIzNDU2Nzg5MDEyMzQ1Njc4', 'client_secret=', '-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----',
  'https://discord.com/api/webhooks/123456789012345678/', '\uFF0E', '\u2014', '\u200B', '\u201C', ' ', 'AAAAAAAAAAAAAAAA',
];

/** Anything at all, plus strings shaped like tokens, JWT-ish dotted base64url, and JSON-ish headers. */
const anyInput = fc.oneof(
  fc.array(fc.constantFrom(...TRIGGERS), { maxLength: 300 }).map((pieces) => pieces.join('')),
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  text(TOKEN_SOUP, 0, 600),
  fc.tuple(text(URL_SAFE, 0, 80), text(URL_SAFE, 0, 200), text(URL_SAFE, 0, 80)).map((parts) => parts.join('.')),
  fc.tuple(fc.jsonValue(), fc.jsonValue()).map(([header, payload]) => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
    return `${b64(header)}.${b64(payload)}.c2ln`;
  }),
  fc.tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())).map(([header, claims]) => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${b64({ alg: 'HS256', ...header })}.${b64(claims)}.c2ln`;
  }),
);

describe('inspectToken never fails', () => {
  test('GIVEN any input THEN it returns an inspection, never throws, and its output stays bounded', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const inspection = inspectToken(input, NOW);
        expect(typeof inspection.kind).toBe('string');
        // Bounded work shows as bounded output: a fixed overhead plus a constant factor of the input.
        expect(JSON.stringify(inspection).length).toBeLessThan(20_000 + 100 * input.length);
      }),
      { numRuns: 1500 },
    );
  });

  test('GIVEN any input over 16 KiB THEN it is refused as too long', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }), fc.nat(2000), (seed, extra) => {
        const input = seed.repeat(Math.ceil((MAX_INPUT_BYTES + 1 + extra) / seed.length));
        expect(inspectToken(input, NOW).kind).toBe('too-long');
      }),
      { numRuns: 200 },
    );
  });

  test('GIVEN any instant THEN the same token is judged without throwing', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), fc.double(), (now, exp) => {
        const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.c2ln`;
        expect(['jws', 'not-a-token']).toContain(inspectToken(token, now).kind);
      }),
      { numRuns: 500 },
    );
  });
});

/** For each family: a generator of fake secrets of its shape. */
const SECRETS: readonly [SecretFamilyId, fc.Arbitrary<string>][] = [
  ['discord-bot-token', fc.tuple(fc.bigInt(10n ** 16n, 10n ** 19n), text(URL_SAFE, 6), text(URL_SAFE, 38)).map(([id, mid, tail]) => `${Buffer.from(id.toString()).toString('base64url')}.${mid}.${tail}`)],
  ['discord-webhook-url', text(URL_SAFE, 68).map((token) => `https://discord.com/api/webhooks/123456789012345678/${token}`)],
  ['github-token', fc.tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), text(ALNUM, 36)).map(([prefix, body]) => prefix + body)],
  ['github-token', text([...ALNUM, '_'], 82).map((body) => `github_pat_${body}`)],
  ['slack-token', fc.tuple(fc.constantFrom('xoxb', 'xoxp', 'xoxa', 'xoxr', 'xoxs', 'xapp'), text(ALNUM, 30)).map(([prefix, body]) => `${prefix}-1${body}`)],
  ['slack-webhook-url', text(ALNUM, 24).map((body) => `https://hooks.slack.com/services/T0000000/B0000000/${body}`)],
  ['google-api-key', text(URL_SAFE, 35).map((body) => `AIza${body}`)],
  ['google-oauth-access-token', text(URL_SAFE, 40, 120).map((body) => `ya29.${body}`)],
  ['aws-access-key-id', fc.tuple(fc.constantFrom('AKIA', 'ASIA'), text(UPPER_ALNUM, 16)).map(([prefix, body]) => prefix + body)],
  ['stripe-secret-key', fc.tuple(fc.constantFrom('live', 'test'), text(ALNUM, 24, 99)).map(([mode, body]) => `sk_${mode}_${body}`)],
  ['stripe-restricted-key', fc.tuple(fc.constantFrom('live', 'test'), text(ALNUM, 24, 99)).map(([mode, body]) => `rk_${mode}_${body}`)],
  ['anthropic-api-key', text(URL_SAFE, 90).map((body) => `sk-ant-api03-${body}`)],
  ['openai-api-key', text(URL_SAFE, 60, 160).map((body) => `sk-proj-${body}`)],
  ['openai-api-key', text(ALNUM, 48).map((body) => `sk-${body}`)],
  ['npm-token', text(ALNUM, 36).map((body) => `npm_${body}`)],
  ['private-key', text([...ALNUM, '+', '/'], 40, 400).map((body) => `-----BEGIN RSA PRIVATE KEY-----\nMII${body}\n-----END RSA PRIVATE KEY-----`)],
  ['discord-client-secret', text(URL_SAFE, 32).map((body) => `client_secret=${body}`)],
];

const SURROUNDINGS = fc.constantFrom(
  (secret: string) => secret,
  (secret: string) => `my token is ${secret} pls help`,
  (secret: string) => `\`\`\`\n${secret}\n\`\`\``,
  (secret: string) => `||${secret}||`,
  (secret: string) => `{"key": "${secret}"}`,
  (secret: string) => `Authorization: Bearer ${secret}`,
);

describe('secrets are never echoed', () => {
  test.each(SECRETS.map(([family, secrets], index) => [`${family} #${index}`, family, secrets] as const))(
    'GIVEN generated %s secrets in any surrounding THEN the inspection names the family and never contains the secret',
    (_name, family, secrets) => {
      fc.assert(
        fc.property(secrets, SURROUNDINGS, (secret, surround) => {
          const inspection = inspectToken(surround(secret), NOW);
          expect(inspection.kind).toBe('secret');
          if (inspection.kind === 'secret') expect(inspection.secret.family.id).toBe(family);
          const output = JSON.stringify(inspection);
          // The label and the PEM armour are not secret; what they wrap is.
          const secretPart = secret.replace(/^client_secret=/, '').replace(/^-----BEGIN RSA PRIVATE KEY-----\n/, '').replace(/\n-----END RSA PRIVATE KEY-----$/, '');
          expect(output).not.toContain(secretPart);
        }),
        { numRuns: 150 },
      );
    },
  );
});
