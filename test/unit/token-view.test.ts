import type { APIEmbed } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { safeText, tokenView } from '../../src/discord/views/token.js';
import { guardFindings } from '../../src/tokens/guard.js';
import { inspectPaste, inspectToken } from '../../src/tokens/inspect.js';
import { fake } from './tokens/fake-secrets.js';

const now = new Date('2026-11-28T12:00:00Z');
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256' }) => `${base64url(header)}.${base64url(payload)}.c2ln`;
const size = (embeds: APIEmbed[]) =>
  embeds.reduce((sum, embed) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0), 0);

describe('safe text from pasted tokens', () => {
  test.each([
    ['markdown', '**bold** _it_', '\\*\\*bold\\*\\* \\_it\\_'],
    ['a mass mention', '@everyone look', '@\u200beveryone look'],
    ['a user mention', '<@123456789012345678>', '‹@123456789012345678›'],
    ['a right-to-left override', 'abc\u202Edef', 'abc�def'],
    ['a control character', 'a\u0007b', 'a�b'],
  ])('GIVEN %s THEN it is shown inert', (_case, input, shown) => {
    expect(safeText(input)).toBe(shown);
  });

  test('GIVEN a very long value THEN it is cut with an ellipsis', () => {
    expect(safeText('x'.repeat(500), 50)).toHaveLength(50);
  });
});

describe('the token view stays inside Discord’s limits', () => {
  test('GIVEN a JWT with 300 claims, some hostile THEN every field and the whole message fit', () => {
    const payload: Record<string, unknown> = { exp: 1_900_000_000, __proto__claim: 1 };
    for (let index = 0; index < 300; index += 1) payload[`claim_${index}`] = `value ${'y'.repeat(index % 90)} <@1234567890123456789>`;
    const view = tokenView(inspectToken(jwt(payload), now), { lessonId: 'oauth-basics', page: 3 });
    for (const embed of view.embeds) {
      expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    }
    expect(size(view.embeds)).toBeLessThanOrEqual(6000);
    expect(JSON.stringify(view)).not.toContain('<@1234567890123456789>');
  });

  test.each([
    ['an unsecured JWT', jwt({ sub: 'x' }, { alg: 'none' }), '🚨 An unsecured JWT (alg: none)'],
    ['an expired JWT', jwt({ sub: 'x', exp: 1_000_000_000 }), '⚠️ This token leaked (it has expired)'],
    ['a 17 KiB paste', 'a'.repeat(17 * 1024), 'Too long to read'],
    ['a publishable Stripe key', `pk_live_${fake(24)}`, 'ℹ️ Nothing secret here'],
  ])('GIVEN %s THEN the answer says so', (_case, input, title) => {
    const titles = tokenView(inspectToken(input, now), undefined).embeds.map((embed) => embed.title);
    expect(titles).toContain(title);
  });
});

describe('what the guard acts on', () => {
  test.each([
    ['a GitHub token', `ghp_${fake(36)}`, true],
    ['a live JWT', jwt({ sub: 'x', exp: 1_900_000_000 }), true],
    ['an expired JWT', jwt({ sub: 'x', exp: 1_000_000_000 }), false],
    ['a publishable key', `pk_live_${fake(24)}`, false],
    ['plain chat', 'see you at 10.30.45 tomorrow', false],
  ])('GIVEN %s THEN the guard acts: %s', (_case, input, acts) => {
    expect(guardFindings(inspectPaste(input, now)).length > 0).toBe(acts);
  });

  test('GIVEN a JWT THEN the guard shows no part of it', () => {
    const token = jwt({ sub: 'x', exp: 1_900_000_000 });
    expect(JSON.stringify(guardFindings(inspectPaste(token, now)))).not.toContain(token.split('.')[1]);
  });
});
