import { displayValue, own, type JsonObject, type JsonValue } from './json.js';

/** Why a time claim cannot be read as a time. */
export type TimeProblem =
  /** Not a JSON number (a string like "1700000000", a boolean, an object…). */
  | 'not-a-number'
  | 'negative'
  /** Past the year 9999, or infinite (1e400 parses as Infinity). */
  | 'out-of-range';

export type TimeReading =
  | {
      ok: true;
      /** The NumericDate as written (may have a fraction). */
      seconds: number;
      /** Whole Unix seconds, for Discord's <t:…> markup. */
      unix: number;
      /** UTC, ISO 8601, milliseconds only when the claim has them: 2011-03-22T18:43:00Z. */
      iso: string;
      /** Relative to the injected now: "3 days ago", "in 2 hours". */
      relative: string;
    }
  | { ok: false; problem: TimeProblem; display: string };

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry' | 'unclear';

export interface TokenTimes {
  state: ValidityState;
  /** One sentence: "expired 3 days ago", "not valid yet (starts in 2 hours)", "no expiry"… */
  summary: string;
  exp: TimeReading | undefined;
  nbf: TimeReading | undefined;
  iat: TimeReading | undefined;
  authTime: TimeReading | undefined;
  /** exp − iat, or exp − nbf without iat; only when both read and it is positive. */
  lifetimeSeconds: number | undefined;
  lifetime: string | undefined;
  problems: { claim: string; problem: TimeProblem }[];
}

/** 9999-12-31T23:59:59Z: beyond it ISO text and Discord timestamps stop making sense. */
const LATEST_SECONDS = 253_402_300_799;

export function readTime(value: JsonValue, now: Date): TimeReading {
  if (typeof value !== 'number') return { ok: false, problem: 'not-a-number', display: displayValue(value) };
  if (!Number.isFinite(value) || value > LATEST_SECONDS) return { ok: false, problem: 'out-of-range', display: displayValue(value) };
  if (value < 0) return { ok: false, problem: 'negative', display: displayValue(value) };
  const date = new Date(value * 1000);
  return {
    ok: true,
    seconds: value,
    unix: Math.floor(value),
    iso: date.toISOString().replace('.000Z', 'Z'),
    relative: relativeTo(value - now.getTime() / 1000),
  };
}

export function assessTimes(claims: JsonObject, now: Date): TokenTimes {
  const read = (name: string): TimeReading | undefined => {
    const value = own(claims, name);
    return value === undefined ? undefined : readTime(value, now);
  };
  const exp = read('exp');
  const nbf = read('nbf');
  const iat = read('iat');
  const authTime = read('auth_time');
  const problems = (
    [
      ['exp', exp],
      ['nbf', nbf],
      ['iat', iat],
      ['auth_time', authTime],
      ['updated_at', read('updated_at')],
    ] as const
  ).flatMap(([claim, reading]) => (reading && !reading.ok ? [{ claim, problem: reading.problem }] : []));
  const nowSeconds = now.getTime() / 1000;
  const { state, summary } = validity(exp, nbf, nowSeconds);
  const start = iat?.ok ? iat.seconds : nbf?.ok ? nbf.seconds : undefined;
  const lifetimeSeconds = exp?.ok && start !== undefined && exp.seconds > start ? exp.seconds - start : undefined;
  return {
    state,
    summary,
    exp,
    nbf,
    iat,
    authTime,
    lifetimeSeconds,
    lifetime: lifetimeSeconds === undefined ? undefined : duration(lifetimeSeconds),
    problems,
  };
}

function validity(
  exp: TimeReading | undefined,
  nbf: TimeReading | undefined,
  nowSeconds: number,
): { state: ValidityState; summary: string } {
  if (exp && !exp.ok) return { state: 'unclear', summary: `expiry unreadable (exp is ${exp.display})` };
  // RFC 7519 §4.1.4: the token must be refused "on or after" exp.
  if (exp && exp.seconds <= nowSeconds) return { state: 'expired', summary: `expired ${exp.relative}` };
  if (nbf?.ok && nbf.seconds > nowSeconds) return { state: 'not-yet-valid', summary: `not valid yet (starts ${nbf.relative})` };
  if (!exp) return { state: 'no-expiry', summary: 'no expiry' };
  // Not "valid": only the expiry was read, the signature never checked.
  return { state: 'valid', summary: `not expired yet (expires ${exp.relative})` };
}

/** "in 2 hours" or "3 days ago"; under a second either way is "just now". */
export function relativeTo(deltaSeconds: number): string {
  if (Math.abs(deltaSeconds) < 1) return 'just now';
  return deltaSeconds > 0 ? `in ${duration(deltaSeconds)}` : `${duration(-deltaSeconds)} ago`;
}

const UNITS: readonly [seconds: number, name: string][] = [
  [365 * 86_400, 'year'],
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** The largest whole unit, rounded down: 3 days 23 hours is "3 days". */
export function duration(seconds: number): string {
  for (const [size, name] of UNITS) {
    if (seconds >= size) {
      const count = Math.floor(seconds / size);
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return 'less than a second';
}
