/**
 * Obviously fake credentials, built from repeated "FAKE" so that no real-looking secret sits in
 * the repository, in the shapes the detectors look for.
 */
import type { SecretFamilyId } from '../../../src/tokens/index.js';

export const fake = (length: number, unit = 'FAKE'): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** A Discord bot token's first part is the bot's user id in base64. */
export const fakeDiscordBotToken = (id = '123456789012345678', tail = fake(38)): string =>
  `${Buffer.from(id).toString('base64url')}.FAKE00.${tail}`;

export const FAKE_SECRETS: readonly [string, SecretFamilyId, string][] = [
  ['Discord bot token', 'discord-bot-token', fakeDiscordBotToken()],
  ['Discord bot token (old 27-char HMAC)', 'discord-bot-token', fakeDiscordBotToken('98765432109876543', fake(27))],
  ['Discord webhook URL', 'discord-webhook-url', `https://discord.com/api/webhooks/123456789012345678/${fake(68)}`],
  ['Discord webhook URL on discordapp.com', 'discord-webhook-url', `https://discordapp.com/api/webhooks/123456789012345678/${fake(68)}`],
  ['Discord webhook URL on canary, versioned', 'discord-webhook-url', `https://canary.discord.com/api/v10/webhooks/123456789012345678/${fake(68)}`],
  ['Discord webhook URL on ptb', 'discord-webhook-url', `https://ptb.discord.com/api/webhooks/123456789012345678/${fake(68)}`],
  ['labelled client_secret=', 'discord-client-secret', `client_secret=${fake(32)}`],
  ['labelled "Client secret:"', 'discord-client-secret', `Client secret: ${fake(32)}`],
  ['labelled JSON "client_secret"', 'discord-client-secret', `{"client_secret": "${fake(32)}"}`],
  ['GitHub classic PAT', 'github-token', `ghp_${fake(36)}`],
  ['GitHub fine-grained PAT', 'github-token', `github_pat_${fake(22)}_${fake(59)}`],
  ['GitHub OAuth token', 'github-token', `gho_${fake(36)}`],
  ['GitHub App user token', 'github-token', `ghu_${fake(36)}`],
  ['GitHub App installation token', 'github-token', `ghs_${fake(36)}`],
  ['GitHub refresh token', 'github-token', `ghr_${fake(36)}`],
  ['Slack bot token', 'slack-token', `xoxb-0000000000-0000000000000-${fake(24)}`],
  ['Slack user token', 'slack-token', `xoxp-0000000000-0000000000-0000000000000-${fake(32)}`],
  ['Slack xoxa token', 'slack-token', `xoxa-2-${fake(40)}`],
  ['Slack xoxr token', 'slack-token', `xoxr-1-${fake(40)}`],
  ['Slack xoxs token', 'slack-token', `xoxs-0000000000-${fake(40)}`],
  ['Slack app-level token', 'slack-token', `xapp-1-A0000000000-0000000000000-${fake(32)}`],
  ['Slack webhook URL', 'slack-webhook-url', `https://hooks.slack.com/services/T00000000/B00000000/${fake(24)}`],
  ['Google API key', 'google-api-key', `AIza${fake(35)}`],
  ['Google OAuth access token', 'google-oauth-access-token', `ya29.${fake(60)}`],
  ['AWS access key id', 'aws-access-key-id', `AKIA${fake(16)}`],
  ['AWS temporary access key id', 'aws-access-key-id', `ASIA${fake(16)}`],
  ['Stripe live secret key', 'stripe-secret-key', `sk_live_${fake(24)}`],
  ['Stripe test secret key', 'stripe-secret-key', `sk_test_${fake(24)}`],
  ['Stripe live restricted key', 'stripe-restricted-key', `rk_live_${fake(24)}`],
  ['Stripe test restricted key', 'stripe-restricted-key', `rk_test_${fake(24)}`],
  ['Stripe publishable key', 'stripe-publishable-key', `pk_live_${fake(24)}`],
  ['Anthropic API key', 'anthropic-api-key', `sk-ant-api03-${fake(80)}`],
  ['Anthropic admin key', 'anthropic-api-key', `sk-ant-admin01-${fake(80)}`],
  ['OpenAI project key', 'openai-api-key', `sk-proj-${fake(80)}`],
  ['OpenAI legacy key', 'openai-api-key', `sk-${fake(48)}`],
  ['npm token', 'npm-token', `npm_${fake(36)}`],
  ['PEM RSA private key', 'private-key', `-----BEGIN RSA PRIVATE KEY-----\n${fake(64)}\n${fake(64)}\n-----END RSA PRIVATE KEY-----`],
  ['PKCS #8 private key', 'private-key', `-----BEGIN PRIVATE KEY-----\n${fake(64)}\n-----END PRIVATE KEY-----`],
  ['encrypted private key', 'private-key', `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${fake(64)}\n-----END ENCRYPTED PRIVATE KEY-----`],
  ['OpenSSH private key', 'private-key', `-----BEGIN OPENSSH PRIVATE KEY-----\n${fake(70)}\n-----END OPENSSH PRIVATE KEY-----`],
  ['a private key cut off before its end line', 'private-key', `-----BEGIN EC PRIVATE KEY-----\n${fake(64)}`],
  ['HTTP Basic credentials', 'http-basic-credentials', `Authorization: Basic ${Buffer.from('fakeuser:FAKEFAKEFAKE').toString('base64')}`],
];
