import type { Inspection } from './inspect.js';

/** What the guard says about a message, without any part of a JWT and only a masked tail of a secret. */
export interface GuardFinding {
  what: string;
  masked: string | undefined;
  advice: string;
}

const roleNames = { 'access-token': 'access token', 'id-token': 'ID token', 'refresh-token': 'refresh token', unknown: 'JWT' } as const;

/**
 * Only what still works is worth interrupting a conversation for: a known secret (not a
 * publishable key), or a JWT that has not expired. Anything else in chat is left alone.
 */
export function guardFinding(inspection: Inspection): GuardFinding | undefined {
  switch (inspection.kind) {
    case 'secret':
      if (inspection.leak.level === 'public') return undefined;
      return { what: inspection.secret.family.name, masked: inspection.secret.masked, advice: inspection.leak.advice };
    case 'jws':
    case 'unsecured':
      if (inspection.leak.level !== 'live') return undefined;
      return { what: `live ${roleNames[inspection.verdict?.role ?? 'unknown']}`, masked: undefined, advice: inspection.leak.advice };
    default:
      return undefined;
  }
}
