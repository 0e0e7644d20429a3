import type { APIEmbed } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { tokenView } from '../../src/discord/views/token.js';
import { inspectPaste } from '../../src/tokens/inspect.js';
import { SECRET_FAMILIES } from '../../src/tokens/secrets.js';
import { fake } from './tokens/fake-secrets.js';
import { JSON_VECTORS } from './tokens/vectors.js';

const now = new Date('2026-11-28T12:00:00Z');
const nowSeconds = now.getTime() / 1000;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256' }) => `${base64url(header)}.${base64url(payload)}.c2ln`;
const idToken = jwt({ iss: 'https://server.example.com', sub: '24400320', aud: 's6BhdRkqt3', nonce: 'n-0S6_WzA2Mj', exp: nowSeconds + 600 });
const github = `ghp_${fake(32)}x7Qa`;

const answer = (paste: string) => tokenView(inspectPaste(paste, now), undefined);
const text = (embeds: APIEmbed[]) => JSON.stringify(embeds);
const descriptions = (embeds: APIEmbed[]) => embeds.map((embed) => embed.description ?? '').join('\n');

describe('one answer for every credential in a paste', () => {
  test('GIVEN a redirect with an opaque access token and an ID token THEN both are warned about and the ID token is decoded, with its parameter', () => {
    const { embeds } = answer(`https://client.example.org/cb#access_token=SlAV32hkKG2Mq8bTnBnJpZ7x&token_type=Bearer&id_token=${idToken}`);
    expect(embeds[0]?.title).toBe('🚨 2 credentials in that text: revoke the live ones now');
    // Escaped for markdown: Discord shows "access_token".
    expect(embeds[0]?.description).toContain('an opaque token (access\\_token)');
    expect(embeds[0]?.description).toContain('an ID token (id\\_token)');
    expect(embeds.map((embed) => embed.title)).toEqual(['🚨 2 credentials in that text: revoke the live ones now', '🔒 An opaque token: nothing inside to decode', '🔍 A signed JWT (JWS), decoded']);
    expect(embeds[2]?.description).toContain('From the `id_token` parameter of the URL fragment (after #).');
  });

  test('GIVEN more credentials than fit THEN the answer says how many were left out', () => {
    const lines = Array.from({ length: 7 }, (_, index) => jwt({ sub: `user-${index}`, exp: nowSeconds + 600 }));
    expect(answer(lines.join('\n')).embeds[0]?.description).toContain('…and 2 more in the same text');
  });

  test('GIVEN five long tokens THEN the answer stays within Discord\'s limits', () => {
    const claims = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`claim_${index}`, 'x'.repeat(80)]));
    const { embeds } = answer(Array.from({ length: 5 }, (_, index) => jwt({ ...claims, sub: `u${index}`, exp: nowSeconds + 600 })).join('\n'));
    expect(embeds.length).toBeLessThanOrEqual(10);
    const size = embeds.reduce((sum, embed) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((n, field) => n + field.name.length + field.value.length, 0), 0);
    expect(size).toBeLessThanOrEqual(6000);
  });
});

describe('what is inside a token, shown without echoing it', () => {
  test('GIVEN a GitHub token in a claim THEN the claims table masks it and a field names its family', () => {
    const { embeds } = answer(jwt({ sub: 'a', gh: github, exp: nowSeconds + 600 }));
    expect(text(embeds)).not.toContain(github);
    const field = embeds[1]?.fields?.find((candidate) => candidate.name === 'Secrets inside this token (masked)');
    expect(field?.value).toContain('GitHub token: personal access token (classic) in claim `gh`, shown as `ghp_…x7Qa`');
  });

  test('GIVEN a padded payload THEN the answer says the padding is non-standard and strict libraries reject it', () => {
    const padded = `${base64url({ alg: 'HS256' })}.${Buffer.from('{"sub":"a"}').toString('base64').replaceAll('+', '-').replaceAll('/', '_')}.c2ln`;
    expect(descriptions(answer(padded).embeds)).toContain('The payload ended in `=` padding. RFC 7515 §2 forbids padding');
  });

  test.each(JSON_VECTORS.map((vector) => [vector.name, vector.json] as const))('GIVEN %s THEN its protected and unprotected headers are shown apart', (_name, json) => {
    const [, decoded] = answer(json).embeds;
    expect(decoded?.title).toMatch(/^🔍 A signed JWT \(JWS\) in JSON form \((flattened|general)\), decoded$/);
    expect(decoded?.fields?.map((field) => field.name)).toEqual(expect.arrayContaining(['Protected header', 'Unprotected header (not signed: anyone could change it)', 'Claims']));
  });
});

describe('the words, read as a learner would', () => {
  test('GIVEN a live ID token THEN nothing says it "works" or is "valid", since no signature was checked', () => {
    const words = text(answer(idToken).embeds);
    expect(words).not.toMatch(/still works|valid now/i);
    expect(words).toContain('It has not expired yet');
    expect(words).toContain('Not expired yet (expires in 10 minutes)');
  });

  test('GIVEN a token with several clues THEN no sentence ends with two full stops', () => {
    const words = descriptions(answer(idToken).embeds);
    expect(words).toContain('It looks like **an ID token**:');
    expect(words).not.toMatch(/\.\.(?!\.)/);
  });

  test('GIVEN a classic GitHub token THEN its title has no parentheses inside parentheses, and why it matters is said once', () => {
    const { embeds } = answer(github);
    expect(embeds[1]?.title).toBe('🔑 GitHub token: personal access token (classic)');
    const danger = SECRET_FAMILIES['github-token'].danger;
    expect(text(embeds).split(danger.slice(0, 40)).length - 1).toBe(1);
  });

  test('GIVEN a header in standard base64 THEN the answer names the part at fault and why', () => {
    const words = descriptions(answer('eyJhbGci+iJIUzI1NiJ9.eyJzdWIiOiJhIn0.abc').embeds);
    expect(words).toContain('The header is the part at fault: it uses + or /');
  });
});
