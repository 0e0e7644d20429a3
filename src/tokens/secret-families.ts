/**
 * Credentials that are not JWTs and must never be decoded or repeated: what each one is, why a
 * leak hurts, and where its owner revokes it. Wording is ours; the facts are the vendors'.
 */
export type SecretFamilyId =
  | 'private-key'
  | 'discord-webhook-url'
  | 'slack-webhook-url'
  | 'discord-bot-token'
  | 'github-token'
  | 'slack-token'
  | 'google-api-key'
  | 'google-oauth-access-token'
  | 'aws-access-key-id'
  | 'stripe-secret-key'
  | 'stripe-restricted-key'
  | 'stripe-publishable-key'
  | 'anthropic-api-key'
  | 'openai-api-key'
  | 'npm-token'
  | 'http-basic-credentials'
  | 'discord-client-secret';

export interface SecretFamily {
  id: SecretFamilyId;
  name: string;
  /** Why a leak matters, in one sentence. */
  danger: string;
  /** Where to revoke or rotate it. */
  revoke: string;
  /** Designed to be seen by anyone (a publishable key): nothing to rotate. */
  isPublic: boolean;
}

const family = (id: SecretFamilyId, name: string, danger: string, revoke: string, isPublic = false): SecretFamily => ({
  id,
  name,
  danger,
  revoke,
  isPublic,
});

const FAMILY_LIST: readonly SecretFamily[] = [
  family(
    'private-key',
    'Private key (PEM / OpenSSH)',
    'Whoever has it can sign, decrypt or log in as its owner: servers, certificates, SSH access, token signing.',
    'Generate a new key pair, replace the public key everywhere it is trusted (servers, authorized_keys, certificate, JWKS), then delete the old one.',
  ),
  family(
    'discord-webhook-url',
    'Discord webhook URL',
    'Anyone with the URL can post messages into that channel under any name and avatar, without logging in.',
    'Server Settings → Integrations → Webhooks → that webhook → Delete Webhook (then create a new one).',
  ),
  family(
    'slack-webhook-url',
    'Slack incoming webhook URL',
    'Anyone with the URL can post messages into that Slack channel.',
    'api.slack.com/apps → your app → Incoming Webhooks → remove that webhook and add a new one.',
  ),
  family(
    'discord-bot-token',
    'Discord bot token',
    'Whoever holds it controls the bot: reads what it can read, posts, bans and deletes with all of its permissions.',
    'Discord Developer Portal → your application → Bot → Reset Token (then update your bot\'s configuration).',
  ),
  family(
    'github-token',
    'GitHub token',
    'It acts as its owner on GitHub with all of its scopes: private repositories, pushes, workflows, packages.',
    'GitHub → Settings → Developer settings → Personal access tokens (or Applications for OAuth and App tokens) → Delete / Revoke.',
  ),
  family(
    'slack-token',
    'Slack token',
    'It reads and posts in the workspace as the bot, user or app it belongs to.',
    'api.slack.com/apps → your app → OAuth & Permissions → Revoke tokens (or rotate the app-level token).',
  ),
  family(
    'google-api-key',
    'Google API key',
    'Anyone can call the Google APIs it allows and run up the bill of its project.',
    'Google Cloud console → APIs & Services → Credentials → that key → Regenerate key (or delete it), and restrict the new one.',
  ),
  family(
    'google-oauth-access-token',
    'Google OAuth access token',
    'It calls Google APIs as the user who granted it, within its scopes, for about an hour.',
    'myaccount.google.com → Security → Third-party apps with account access → remove the app (or revoke it at oauth2.googleapis.com/revoke).',
  ),
  family(
    'aws-access-key-id',
    'AWS access key ID',
    'It names an AWS key; the secret access key usually travels with it, and together they act as that IAM user or role.',
    'AWS console → IAM → Users → Security credentials → deactivate and delete that access key, then create a new one.',
  ),
  family(
    'stripe-secret-key',
    'Stripe secret key',
    'It acts as the Stripe account: charges, refunds, payouts and customer data.',
    'Stripe Dashboard → Developers → API keys → Roll key.',
  ),
  family(
    'stripe-restricted-key',
    'Stripe restricted key',
    'It acts on the Stripe account within the permissions it was given.',
    'Stripe Dashboard → Developers → API keys → Restricted keys → Roll key (or delete it).',
  ),
  family(
    'stripe-publishable-key',
    'Stripe publishable key',
    'This key is public by design: it sits in web pages and apps and cannot move money on its own.',
    'Nothing to revoke; keep the secret key (sk_…) that pairs with it private.',
    true,
  ),
  family(
    'anthropic-api-key',
    'Anthropic API key',
    'Anyone can send requests billed to its organisation.',
    'Anthropic Console → Settings → API keys → Disable or Delete the key.',
  ),
  family(
    'openai-api-key',
    'OpenAI API key',
    'Anyone can send requests billed to its organisation or project.',
    'OpenAI platform → API keys → Revoke the key.',
  ),
  family(
    'npm-token',
    'npm access token',
    'It can publish packages as its owner: a path to a supply-chain attack on everyone who installs them.',
    'npmjs.com → your avatar → Access Tokens → Delete (or `npm token revoke <id>`).',
  ),
  family(
    'http-basic-credentials',
    'HTTP Basic credentials (username and password)',
    'The base64 after "Basic" is just the username and password, readable by anyone.',
    'Change that password (or rotate that client secret) at the service it belongs to.',
  ),
  family(
    'discord-client-secret',
    'OAuth client secret (Discord or another provider)',
    'With it, anyone can pose as your application: exchange codes for tokens and refresh them.',
    'Discord Developer Portal → your application → OAuth2 → Reset Secret (other providers: the app\'s credentials page).',
  ),
];

/** Every family by id; a unit test checks that no id is left without its entry. */
export const SECRET_FAMILIES = Object.freeze(
  Object.fromEntries(FAMILY_LIST.map((entry) => [entry.id, entry])) as Record<SecretFamilyId, SecretFamily>,
);
