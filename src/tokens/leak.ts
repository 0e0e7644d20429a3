import type { SecretFinding } from './secrets.js';
import { describeWhere, type InsideSecret } from './secrets-inside.js';
import type { TokenTimes } from './times.js';
import type { TokenRole } from './verdict.js';

/**
 * How loud the leak warning must be. `live`: it works now or never expires (loudest). `expired`:
 * it no longer works on its own but its content is out. `unknown`: it cannot be told (opaque,
 * encrypted, unreadable expiry), so treat it as live. `public`: made to be public, nothing leaked.
 */
export type LeakLevel = 'live' | 'expired' | 'unknown' | 'public';

export interface Leak {
  level: LeakLevel;
  /** One sentence on what the leak means for this token. */
  headline: string;
  /** What to do now: where to revoke or rotate it. */
  advice: string;
  /** When it stops working by itself, if known. */
  expires: { unix: number; iso: string } | undefined;
}

export function secretLeak(secret: SecretFinding): Leak {
  if (secret.family.isPublic) {
    const headline = `A ${secret.family.name} is meant to be public: nothing secret leaked.`;
    return { level: 'public', headline, advice: secret.family.revoke, expires: undefined };
  }
  // Why it matters (the family's danger) is the detail view's to say; the headline says how long.
  return {
    level: 'live',
    headline: `A ${secret.family.name} works until it is revoked: treat it as stolen, since anyone who saw it can use it.`,
    advice: secret.family.revoke,
    expires: undefined,
  };
}

const ROLE_ADVICE: Record<TokenRole, string> = {
  'access-token': 'Revoke it at its issuer (sign out, or remove the app\'s access in your account settings).',
  'id-token':
    'An ID token cannot be revoked: sign out at the provider to end the session behind it, and never send it to an API as a password.',
  'refresh-token':
    'Revoke it now (sign out everywhere, or remove the app\'s access): a refresh token mints new access tokens for as long as it lives.',
  unknown: 'Revoke it where it came from (sign out, remove the app\'s access, or rotate the key that signed it).',
};

export function jwtLeak(times: TokenTimes | undefined, role: TokenRole | undefined): Leak {
  const advice = ROLE_ADVICE[role ?? 'unknown'];
  const expires = times?.exp?.ok ? { unix: times.exp.unix, iso: times.exp.iso } : undefined;
  switch (times?.state) {
    case 'valid': {
      // Not "it works": the signature was never checked, only the expiry read.
      const headline = `It has not expired yet: anyone who saw it can use it until ${expires?.iso ?? 'its exp time'}.`;
      return { level: 'live', headline, advice, expires };
    }
    case 'not-yet-valid': {
      const headline = `It is ${times.summary}: anyone who saw it can use it from then on.`;
      return { level: 'live', headline, advice, expires };
    }
    case 'no-expiry': {
      const headline = 'It never expires: anyone who saw it can use it until it is revoked or its signing key changes.';
      return { level: 'live', headline, advice, expires };
    }
    case 'expired':
      return {
        level: 'expired',
        headline: 'It has expired, so it should no longer be accepted, but everything inside it is now public; a token pasted with it may still work.',
        advice,
        expires,
      };
    case 'unclear':
    case undefined:
      return unknownLeak(advice);
  }
}

/** An opaque token has no signing key to rotate: only its issuer can end it. */
export function opaqueLeak(): Leak {
  return unknownLeak('Revoke it where it came from: sign out, or remove the app\'s access in your account settings.');
}

/** A code is worth something only until the app exchanges it, for a few minutes at most. */
export function codeLeak(): Leak {
  return {
    level: 'unknown',
    headline: 'An authorization code works once, within minutes, for whoever exchanges it first (and only with the app\'s credentials, unless the app is public).',
    advice: 'If the login has finished, the code is already spent. If not, start the login again so this code is never used.',
    expires: undefined,
  };
}

export function unknownLeak(advice = ROLE_ADVICE.unknown): Leak {
  return {
    level: 'unknown',
    headline: 'Whether it still works cannot be told from here, so treat it as live: anyone who saw it may be able to use it.',
    advice,
    expires: undefined,
  };
}

/**
 * A known secret inside a decoded token works whatever the token's own expiry says: the leak is
 * live, and each family's own revoke path joins the advice.
 */
export function withInsideSecrets(leak: Leak, inside: readonly InsideSecret[]): Leak {
  const live = inside.filter((secret) => !secret.family.isPublic);
  if (live.length === 0) return leak;
  const families = [...new Map(live.map((secret) => [secret.family.id, secret.family])).values()];
  const names = live.map((secret) => `a ${secret.family.name} (in ${describeWhere(secret.where)})`).join(', ');
  return {
    level: 'live',
    headline: `${leak.headline} It also carries ${names}, which works until it is revoked, whatever the token's expiry says.`,
    advice: [leak.advice, ...families.map((family) => `For the ${family.name}: ${family.revoke}`)].join(' '),
    expires: leak.level === 'live' ? leak.expires : undefined,
  };
}
