import { describe, expect, test } from 'vitest';
import { findSecrets, inspectPaste, inspectToken, SECRET_FAMILIES, type SecretFamilyId } from '../../../src/tokens/index.js';
import { DETECTED_FAMILIES } from '../../../src/tokens/secrets.js';
import { FAKE_SECRETS, fake, fakeDiscordBotToken } from './fake-secrets.js';
import { SIGNED_VECTORS, tokenOf } from './vectors.js';

const NOW = new Date('2025-06-01T12:00:00Z');

/** The part of a paste that is the secret itself (a label or header line is not). */
function secretPart(paste: string): string {
  return paste.replace(/^(?:\{"client_secret": "|client_secret=|Client secret: |Authorization: Basic )/, '').replace(/"\}$/, '');
}

describe('known secret families', () => {
  test.each(FAKE_SECRETS)('GIVEN a %s THEN it is named as its family and never decoded', (_name, family, paste) => {
    const inspection = inspectToken(paste, NOW);
    expect(inspection.kind).toBe('secret');
    if (inspection.kind !== 'secret') return;
    expect(inspection.secret.family.id).toBe(family);
    expect(inspection.secret.family.revoke.length).toBeGreaterThan(20);
    expect(inspection.secret.family.danger.length).toBeGreaterThan(20);
  });

  test.each(FAKE_SECRETS)('GIVEN a %s THEN the output holds no more of it than a masked tail', (_name, _family, paste) => {
    const secret = secretPart(paste);
    const inspection = inspectToken(`look at this: ${paste} why is it failing?`, NOW);
    const output = JSON.stringify(inspection);
    expect(output).not.toContain(secret);
    if (inspection.kind !== 'secret') throw new Error(inspection.kind);
    expect(inspection.secret.masked).toContain('…');
    // At most the last 4 characters of the secret follow the ellipsis.
    expect(inspection.secret.masked.split('…').at(-1)?.length ?? 0).toBeLessThanOrEqual(4);
  });

  test.each<[string, string, string]>([
    ['GitHub classic', `ghp_${fake(32)}Ab12`, 'ghp_…Ab12'],
    ['GitHub fine-grained', `github_pat_${fake(78)}Zz99`, 'github_pat_…Zz99'],
    ['Stripe live', `sk_live_${fake(20)}Q7w9`, 'sk_live_…Q7w9'],
    ['OpenAI project', `sk-proj-${fake(76)}tail`, 'sk-proj-…tail'],
    ['Anthropic', `sk-ant-api03-${fake(76)}TaIl`, 'sk-ant-…TaIl'],
    ['Discord bot token', fakeDiscordBotToken('123456789012345678', `${fake(34)}WXYZ`), '…WXYZ'],
    ['Discord webhook', `https://discord.com/api/webhooks/123456789012345678/${fake(64)}h00k`, 'https://discord.com/api/webhooks/…/…h00k'],
    ['AWS key id (20 characters: an eighth is 2)', `AKIA${fake(12)}7890`, 'AKIA…90'],
    ['private key', `-----BEGIN RSA PRIVATE KEY-----\n${fake(64)}\n-----END RSA PRIVATE KEY-----`, '-----BEGIN RSA PRIVATE KEY----- …'],
    ['Basic credentials', `Authorization: Basic ${Buffer.from('fakeuser:FAKEFAKEFAKE').toString('base64')}`, 'Basic …'],
  ])('GIVEN a %s THEN the mask shows its public prefix and last 4 characters at most', (_name, paste, masked) => {
    expect(findSecrets(paste)[0]?.masked).toBe(masked);
  });

  test('GIVEN a Stripe publishable key THEN it is said to be public, with nothing to rotate', () => {
    const inspection = inspectToken(`pk_test_${fake(24)}`, NOW);
    expect(inspection).toMatchObject({ kind: 'secret', leak: { level: 'public' } });
  });

  test('GIVEN a live secret THEN the leak warning is the loudest one', () => {
    expect(inspectToken(`ghp_${fake(36)}`, NOW)).toMatchObject({ leak: { level: 'live' } });
  });

  test('GIVEN an Anthropic key THEN it is not mistaken for an OpenAI key', () => {
    expect(findSecrets(`sk-ant-api03-${fake(80)}`).map((found) => found.family.id)).toEqual(['anthropic-api-key']);
  });

  test('GIVEN several secrets in one paste THEN each is named, in order, masked', () => {
    const paste = inspectPaste(`npm_${fake(36)} and then ghp_${fake(36)} and AKIA${fake(16)}`, NOW);
    if (paste.kind !== 'paste') throw new Error(paste.kind);
    expect(paste.credentials.map((one) => (one.kind === 'secret' ? one.secret.family.id : one.kind))).toEqual(['npm-token', 'github-token', 'aws-access-key-id']);
  });

  test('GIVEN a secret and a JWT in one paste THEN the secret comes first and the JWT is decoded too', () => {
    const paste = inspectPaste(`${tokenOf('RFC 7515 Appendix A.1')} ghp_${fake(36)}`, NOW);
    if (paste.kind !== 'paste') throw new Error(paste.kind);
    expect(paste.credentials.map((one) => one.kind)).toEqual(['secret', 'jws']);
  });

  test('GIVEN a Discord bot token after "Authorization: Bot" THEN it is still recognised', () => {
    expect(inspectToken(`Authorization: Bot ${fakeDiscordBotToken()}`, NOW)).toMatchObject({ kind: 'secret', secret: { family: { id: 'discord-bot-token' } } });
  });

  test('GIVEN a Discord bot token broken by a zero-width space THEN it is still recognised', () => {
    const token = fakeDiscordBotToken();
    const inspection = inspectToken(`${token.slice(0, 10)}\u200B${token.slice(10)}`, NOW);
    expect(inspection).toMatchObject({ kind: 'secret', secret: { family: { id: 'discord-bot-token' } } });
  });

  test('GIVEN a Discord bot token wrapped across two lines THEN it is still recognised', () => {
    const token = fakeDiscordBotToken();
    const inspection = inspectToken(`${token.slice(0, 30)}\n${token.slice(30)}`, NOW);
    expect(inspection).toMatchObject({ kind: 'secret', secret: { family: { id: 'discord-bot-token' } } });
  });

  test('GIVEN the variants THEN they are told apart', () => {
    expect(findSecrets(`ghs_${fake(36)}`)[0]?.variant).toBe('GitHub App installation token');
    expect(findSecrets(`sk_test_${fake(24)}`)[0]?.variant).toBe('test mode');
    expect(findSecrets(`xoxb-0000000000-${fake(24)}`)[0]?.variant).toBe('bot token');
    expect(findSecrets(`-----BEGIN OPENSSH PRIVATE KEY-----\n${fake(70)}\n-----END OPENSSH PRIVATE KEY-----`)[0]?.variant).toBe('OPENSSH');
  });

  test('GIVEN every detector THEN its family has a name, a danger and a revoke path', () => {
    const ids = Object.keys(SECRET_FAMILIES) as SecretFamilyId[];
    expect(new Set(DETECTED_FAMILIES)).toEqual(new Set(ids));
    for (const id of ids) expect(SECRET_FAMILIES[id]).toMatchObject({ id, name: expect.any(String), revoke: expect.any(String) });
  });
});

describe('things that must not be taken for secrets', () => {
  test.each<[string, string]>([
    ['an ordinary sentence', 'I installed sk-learn and the task-management-system-for-everyone is fine'],
    ['a hyphenated phrase after sk-', 'sk-this-is-a-very-long-hyphenated-phrase-in-prose'],
    ['sk- with too few characters', `sk-${fake(20)}`],
    ['sk-ant- with too few characters', 'sk-ant-short'],
    ['a ghp_ prefix with 35 characters', `ghp_${fake(35)}`],
    ['an AIza prefix with 34 characters', `AIza${fake(34)}`],
    ['AKIA with 15 characters', `AKIA${fake(15)}`],
    ['AKIA with lower case', `AKIA${fake(16).toLowerCase()}`],
    ['npm_ with 35 characters', `npm_${fake(35)}`],
    ['xoxb- without digits', 'xoxb-tokens-are-for-bots-and-such'],
    ['ya29 without its dot', `ya29${fake(40)}`],
    ['a webhook URL without its token', 'https://discord.com/api/webhooks/123456789012345678'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['a SHA-256 hex digest', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['the words client secret without a value', 'where do I find the client secret?'],
    ['a public key', `-----BEGIN PUBLIC KEY-----\n${fake(64)}\n-----END PUBLIC KEY-----`],
    ['a certificate', `-----BEGIN CERTIFICATE-----\n${fake(64)}\n-----END CERTIFICATE-----`],
    ['Basic credentials without a colon', `Authorization: Basic ${Buffer.from('nocolonhere').toString('base64')}`],
    ['a Discord-token shape whose first part is not an id', `${Buffer.from('hello, not an id!!').toString('base64url')}.FAKE00.${fake(38)}`],
    ['a pk_ prefix alone', 'pk_ is the prefix of publishable keys'],
    ['the RFC 7519 JWT', tokenOf('RFC 7515 Appendix A.1')],
    ['the jwt.io JWT', tokenOf('jwt.io')],
    ['the OpenID Connect ID token', tokenOf('OpenID Connect Core 1.0 Appendix A.2')],
  ])('GIVEN %s THEN no secret is found', (_name, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  test.each(SIGNED_VECTORS.map((vector) => [vector.name, vector.token] as const))('GIVEN the published token %s THEN it is decoded, not called a secret', (_name, token) => {
    expect(inspectToken(token, NOW).kind).not.toBe('secret');
  });
});
