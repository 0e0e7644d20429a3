import type { SecretFinding } from './secrets.js';
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
  return {
    level: 'live',
    headline: `This is a ${secret.family.name}. ${secret.family.danger} Treat it as stolen: anyone who saw this message can use it.`,
    advice: secret.family.revoke,
    expires: undefined,
  };
}

const ROLE_ADVICE: Record<TokenRole, string> = {
  'access-token':
    'Revoke it at its issuer (sign out, or remove the app\'s access in your account settings); otherwise it works until it expires.',
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
      const headline = `It still works: anyone who saw it can use it until it expires (${expires?.iso ?? 'see exp'}).`;
      return { level: 'live', headline, advice, expires };
    }
    case 'not-yet-valid': {
      const headline = `It is not valid yet but will be (${times.summary}): anyone who saw it can use it from then on.`;
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

export function unknownLeak(advice = ROLE_ADVICE.unknown): Leak {
  return {
    level: 'unknown',
    headline: 'Whether it still works cannot be told from here, so treat it as live: anyone who saw it may be able to use it.',
    advice,
    expires: undefined,
  };
}
