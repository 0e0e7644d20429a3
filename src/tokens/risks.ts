import { stringParameter } from './header.js';
import { own, type JsonObject } from './json.js';
import { duration, type TokenTimes } from './times.js';
import type { TokenRole } from './verdict.js';

export type RiskCode =
  | 'alg-none'
  | 'alg-missing'
  | 'symmetric-alg'
  | 'missing-exp'
  | 'long-lifetime'
  | 'personal-data'
  | 'key-url-header'
  | 'embedded-key-header'
  | 'crit-header'
  | 'time-claim-problem'
  | 'issued-in-future';

export type RiskSeverity = 'high' | 'medium' | 'low';

export interface RiskNote {
  code: RiskCode;
  severity: RiskSeverity;
  text: string;
}

/**
 * Lifetimes past which a leak lasts too long. An access token is meant to be short-lived (minutes
 * to an hour is usual; RFC 9700 urges short lifetimes): over a day is flagged. Any other token over
 * 30 days is flagged, refresh tokens included, since a leaked one works that long.
 */
export const LONG_LIFETIME_SECONDS = {
  accessToken: 24 * 3_600,
  anyToken: 30 * 86_400,
} as const;

/** iat this far ahead of now is more than clock skew. */
export const CLOCK_SKEW_SECONDS = 5 * 60;

const PERSONAL_CLAIMS = ['email', 'name', 'given_name', 'family_name', 'phone_number', 'address', 'birthdate', 'upn'] as const;

export interface RiskInput {
  header: JsonObject;
  /** Absent for a JWE, or a JWS whose payload is not a claims set. */
  claims: JsonObject | undefined;
  times: TokenTimes | undefined;
  role: TokenRole | undefined;
  now: Date;
}

export function assessRisks(input: RiskInput): RiskNote[] {
  return [...headerRisks(input.header, input.claims !== undefined), ...claimRisks(input)];
}

function headerRisks(header: JsonObject, hasClaims: boolean): RiskNote[] {
  const notes: RiskNote[] = [];
  const alg = stringParameter(header, 'alg');
  const isJwe = stringParameter(header, 'enc') !== undefined;
  if (alg === undefined) {
    notes.push({ code: 'alg-missing', severity: 'medium', text: 'The header names no algorithm ("alg"), which every JOSE object must.' });
  } else if (alg.toLowerCase() === 'none') {
    notes.push({
      code: 'alg-none',
      severity: 'high',
      text: `alg is "${alg}": there is no signature at all. Anyone can write a token like this; a service that accepts it can be fooled by anyone.`,
    });
  } else if (/^HS(256|384|512)$/i.test(alg) && !isJwe) {
    notes.push({
      code: 'symmetric-alg',
      severity: hasClaims ? 'medium' : 'low',
      text: `${alg} is an HMAC: the same secret signs and verifies. Every service able to check this token can also mint new ones.`,
    });
  }
  for (const name of ['jku', 'x5u']) {
    if (own(header, name) !== undefined) {
      notes.push({
        code: 'key-url-header',
        severity: 'medium',
        text: `The header points to a key at a URL ("${name}"). A verifier that fetches keys from where the token says accepts a forger's key; this bot never fetches it.`,
      });
    }
  }
  if (own(header, 'jwk') !== undefined) {
    notes.push({
      code: 'embedded-key-header',
      severity: 'medium',
      text: 'The header carries its own key ("jwk"). A verifier that trusts that key accepts anyone\'s signature.',
    });
  }
  if (own(header, 'crit') !== undefined) {
    notes.push({
      code: 'crit-header',
      severity: 'low',
      text: 'The header lists critical extensions ("crit"): a verifier that does not understand them must reject the token.',
    });
  }
  return notes;
}

function claimRisks({ claims, times, role, now }: RiskInput): RiskNote[] {
  if (!claims || !times) return [];
  const notes: RiskNote[] = [];
  if (!times.exp) {
    notes.push({
      code: 'missing-exp',
      severity: 'high',
      text: 'No expiry ("exp"): it stays usable until its signing key changes, unless the issuer keeps a revocation list.',
    });
  }
  const span = lifetimeOrRemaining(times, now);
  const limit = role === 'access-token' ? LONG_LIFETIME_SECONDS.accessToken : LONG_LIFETIME_SECONDS.anyToken;
  if (span !== undefined && span > limit) {
    const what = role === 'access-token' ? 'an access token (over a day)' : 'any token (over 30 days)';
    const howLong = times.lifetime ? `It lives ${times.lifetime}` : `It stays valid for another ${duration(span)}`;
    notes.push({ code: 'long-lifetime', severity: 'medium', text: `${howLong}: long for ${what}. A leak lasts as long.` });
  }
  for (const { claim, problem } of times.problems) {
    notes.push({ code: 'time-claim-problem', severity: 'medium', text: `"${claim}" is not a usable time (${problem}); services disagree on how to treat that.` });
  }
  if (times.iat?.ok && times.iat.seconds > now.getTime() / 1000 + CLOCK_SKEW_SECONDS) {
    notes.push({ code: 'issued-in-future', severity: 'low', text: `It claims to be issued ${times.iat.relative}: a wrong clock, or a hand-made token.` });
  }
  const personal = PERSONAL_CLAIMS.filter((name) => own(claims, name) !== undefined);
  if (personal.length > 0) {
    notes.push({
      code: 'personal-data',
      severity: 'medium',
      text: `It carries personal data (${personal.join(', ')}) in plain sight: tokens travel in URLs, headers and logs, and anyone can decode them.`,
    });
  }
  return notes;
}

function lifetimeOrRemaining(times: TokenTimes, now: Date): number | undefined {
  if (times.lifetimeSeconds !== undefined) return times.lifetimeSeconds;
  if (!times.exp?.ok) return undefined;
  const remaining = times.exp.seconds - now.getTime() / 1000;
  return remaining > 0 ? remaining : undefined;
}
