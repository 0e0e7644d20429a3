import { decodeSegment, utf8OrUndefined } from './base64url.js';
import { maskedTail } from './mask.js';
import { SECRET_FAMILIES, type SecretFamily, type SecretFamilyId } from './secret-families.js';

export { SECRET_FAMILIES, type SecretFamily, type SecretFamilyId } from './secret-families.js';

/** One credential found in a paste. Holds no more of it than `masked`. */
export interface SecretFinding {
  family: SecretFamily;
  /** e.g. "personal access token (classic)", "live mode". */
  variant: string | undefined;
  /** Prefix and at most the last 4 characters, e.g. "ghp_…x7Qa". */
  masked: string;
  length: number;
}

interface Detector {
  family: SecretFamilyId;
  /** Global; the secret is the named group `secret` when present, else the whole match. */
  pattern: RegExp;
  accept?: (secret: string) => boolean;
  variant?: (secret: string) => string | undefined;
  mask?: (secret: string) => string;
}

// Each pattern is anchored on token boundaries and uses bounded, non-nested quantifiers, so a
// scan of a 16 KiB paste is linear whatever it holds.
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

/**
 * Something every detector's match must contain (its prefix, label or shape). One test of this
 * skips the seventeen scans for the many short strings of a decoded token that hold none.
 */
const MAYBE_A_SECRET =
  /PRIVATE KEY|webhooks\/|hooks\.slack\.com\/|\.[A-Za-z0-9_-]{6,7}\.|gh[pousr]_|github_pat_|xox[bpars]-|xapp-|AIza|ya29\.|A[KS]IA|[srp]k_(?:live|test)_|sk-|npm_|authorization|client[ _-]?secret/i;

/** Order settles overlaps: the earlier detector wins (Anthropic's sk-ant- before OpenAI's sk-). */
const DETECTORS: readonly Detector[] = [
  {
    family: 'private-key',
    pattern:
      /-----BEGIN ([A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,16384}?(?:-----END ([A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----|$)/g,
    variant: (secret) => /^-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3})PRIVATE/.exec(secret)?.[1]?.trim() || 'PKCS #8',
    // Even a tail of key material is key material: only the kind of key is shown.
    mask: (secret) => `${secret.slice(0, secret.indexOf('-----', 5) + 5)} …`,
  },
  {
    family: 'discord-webhook-url',
    pattern: new RegExp(
      `https?://(?:(?:canary|ptb)\\.)?discord(?:app)?\\.com/api/(?:v\\d{1,2}/)?webhooks/\\d{17,20}/(?<secret>[A-Za-z0-9_-]{20,100})${E}`,
      'gi',
    ),
    mask: (secret) => maskedTail(secret, 'https://discord.com/api/webhooks/…/'),
  },
  {
    family: 'slack-webhook-url',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9_/-]{20,200})(?![A-Za-z0-9_/-])/g,
    mask: (secret) => maskedTail(secret, 'https://hooks.slack.com/…/'),
  },
  {
    family: 'discord-bot-token',
    pattern: /(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,100}(?![A-Za-z0-9_.-])/g,
    // The first part is the bot's user id in base64: a JWT's first part decodes to "{".
    accept: (secret) => firstPartIsSnowflake(secret),
  },
  {
    family: 'github-token',
    pattern: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,240})${E}`, 'g'),
    variant: (secret) => GITHUB_VARIANTS.get(secret.slice(0, secret.startsWith('github_pat_') ? 11 : 4)),
    mask: (secret) => maskedTail(secret, secret.startsWith('github_pat_') ? 'github_pat_' : secret.slice(0, 4)),
  },
  {
    family: 'slack-token',
    pattern: new RegExp(`${B}(?:xox[bpars]|xapp)-\\d[A-Za-z0-9-]{9,250}${E}`, 'g'),
    variant: (secret) => SLACK_VARIANTS.get(secret.slice(0, 4)),
    mask: (secret) => maskedTail(secret, secret.slice(0, 5)),
  },
  {
    family: 'google-api-key',
    pattern: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'g'),
    mask: (secret) => maskedTail(secret, 'AIza'),
  },
  {
    family: 'google-oauth-access-token',
    pattern: /(?<![A-Za-z0-9_.-])ya29\.[0-9A-Za-z_.-]{20,2048}(?![A-Za-z0-9_.-])/g,
    mask: (secret) => maskedTail(secret, 'ya29.'),
  },
  {
    family: 'aws-access-key-id',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    variant: (secret) => (secret.startsWith('ASIA') ? 'temporary (STS) key' : 'long-term key'),
    mask: (secret) => maskedTail(secret, secret.slice(0, 4)),
  },
  {
    family: 'stripe-secret-key',
    pattern: new RegExp(`${B}sk_(?:live|test)_[A-Za-z0-9]{10,247}${E}`, 'g'),
    variant: stripeMode,
    mask: (secret) => maskedTail(secret, secret.slice(0, 8)),
  },
  {
    family: 'stripe-restricted-key',
    pattern: new RegExp(`${B}rk_(?:live|test)_[A-Za-z0-9]{10,247}${E}`, 'g'),
    variant: stripeMode,
    mask: (secret) => maskedTail(secret, secret.slice(0, 8)),
  },
  {
    family: 'stripe-publishable-key',
    pattern: new RegExp(`${B}pk_(?:live|test)_[A-Za-z0-9]{10,247}${E}`, 'g'),
    variant: stripeMode,
    mask: (secret) => maskedTail(secret, secret.slice(0, 8)),
  },
  {
    family: 'anthropic-api-key',
    pattern: new RegExp(`${B}sk-ant-[A-Za-z0-9_-]{20,250}${E}`, 'g'),
    variant: (secret) => (secret.startsWith('sk-ant-admin') ? 'admin key' : 'API key'),
    mask: (secret) => maskedTail(secret, 'sk-ant-'),
  },
  {
    family: 'openai-api-key',
    pattern: new RegExp(`${B}sk-(?!ant-)(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,250}|[A-Za-z0-9]{32,250})${E}`, 'g'),
    variant: (secret) => /^sk-(proj|svcacct|admin)-/.exec(secret)?.[1] ?? 'legacy user key',
    mask: (secret) => maskedTail(secret, /^sk-(?:proj-|svcacct-|admin-)?/.exec(secret)?.[0] ?? 'sk-'),
  },
  {
    family: 'npm-token',
    pattern: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'g'),
    mask: (secret) => maskedTail(secret, 'npm_'),
  },
  {
    family: 'http-basic-credentials',
    pattern: /\bauthorization[ \t]{0,8}:[ \t]{0,8}basic[ \t]{1,8}(?<secret>[A-Za-z0-9+/]{4,4096}={0,2})(?![A-Za-z0-9+/=])/gi,
    accept: (secret) => decodesToUserAndPassword(secret),
    // A tail of base64 is a tail of the password.
    mask: () => 'Basic …',
  },
  {
    family: 'discord-client-secret',
    pattern: /\bclient[ _-]?secret["']?[ \t]{0,8}[:=][ \t]{0,8}["']?(?<secret>[A-Za-z0-9_~.-]{16,512})(?![A-Za-z0-9_~.-])/gi,
  },
];

const GITHUB_VARIANTS = new Map([
  ['ghp_', 'personal access token (classic)'],
  ['github_pat_', 'fine-grained personal access token'],
  ['gho_', 'OAuth app user token'],
  ['ghu_', 'GitHub App user token'],
  ['ghs_', 'GitHub App installation token'],
  ['ghr_', 'refresh token'],
]);

const SLACK_VARIANTS = new Map([
  ['xoxb', 'bot token'],
  ['xoxp', 'user token'],
  ['xoxa', 'workspace app token'],
  ['xoxr', 'refresh token'],
  ['xoxs', 'session token'],
  ['xapp', 'app-level token'],
]);

function stripeMode(secret: string): string {
  return secret.includes('_live_') ? 'live mode' : 'test mode';
}

function firstPartIsSnowflake(token: string): boolean {
  const first = token.slice(0, token.indexOf('.'));
  const decoded = decodeSegment(first.replace(/=+$/, ''));
  if (!decoded.ok) return false;
  const text = utf8OrUndefined(decoded.bytes);
  return text !== undefined && /^\d{17,20}$/.test(text);
}

function decodesToUserAndPassword(base64: string): boolean {
  const urlSafe = base64.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_');
  const decoded = decodeSegment(urlSafe);
  if (!decoded.ok) return false;
  const text = utf8OrUndefined(decoded.bytes);
  return text !== undefined && text.includes(':');
}

/** A finding and where it sits in the text it was found in (offsets never leave the core). */
export interface Located {
  start: number;
  end: number;
  finding: SecretFinding;
}

/** Every known credential in `text`, in the order they appear. */
export function findSecrets(text: string): SecretFinding[] {
  return locateSecrets(text).map((located) => located.finding);
}

/**
 * The earlier detector wins an overlap. Taken characters are marked in one array, so checking a
 * match costs its own length: with thousands of findings the scan stays linear.
 */
export function locateSecrets(text: string): Located[] {
  if (!MAYBE_A_SECRET.test(text)) return [];
  const taken: Located[] = [];
  let covered: Uint8Array | undefined;
  for (const detector of DETECTORS) {
    for (const match of text.matchAll(detector.pattern)) {
      const secret = match.groups?.['secret'] ?? match[0];
      const start = (match.index ?? 0) + match[0].indexOf(secret);
      const end = start + secret.length;
      if (covered && covered.subarray(start, end).includes(1)) continue;
      if (detector.accept && !detector.accept(secret)) continue;
      covered ??= new Uint8Array(text.length);
      covered.fill(1, start, end);
      taken.push({ start, end, finding: describe(detector, secret) });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

function describe(detector: Detector, secret: string): SecretFinding {
  return {
    family: SECRET_FAMILIES[detector.family],
    variant: detector.variant?.(secret),
    masked: detector.mask ? detector.mask(secret) : maskedTail(secret),
    length: secret.length,
  };
}

/** Exposed for the test that every detector names a family that exists. */
export const DETECTED_FAMILIES: readonly SecretFamilyId[] = DETECTORS.map((detector) => detector.family);
