import type { CredentialInspection, EmptyInspection, PasteInspection, TooLongInspection } from './inspect.js';

/** What the guard says about one credential, without any part of a JWT and only a masked tail of a secret. */
export interface GuardFinding {
  what: string;
  masked: string | undefined;
  advice: string;
  /** Tells this credential from another (see inspect.ts), so an edit re-warns only for a new one. */
  fingerprint: string;
}

const roleNames = { 'access-token': 'access token', 'id-token': 'ID token', 'refresh-token': 'refresh token', unknown: 'JWT' } as const;

/**
 * Only what still works is worth interrupting a conversation for: a known secret (not a
 * publishable key), or a JWT that has not expired or carries a live secret. Anything else in
 * chat is left alone.
 */
export function guardFindings(inspection: PasteInspection | TooLongInspection | EmptyInspection): GuardFinding[] {
  if (inspection.kind !== 'paste') return [];
  return inspection.credentials.flatMap((credential) => {
    const finding = guardFinding(credential);
    return finding ? [finding] : [];
  });
}

function guardFinding(credential: CredentialInspection): GuardFinding | undefined {
  switch (credential.kind) {
    case 'secret':
      if (credential.leak.level === 'public') return undefined;
      return { what: credential.secret.family.name, masked: credential.secret.masked, advice: credential.leak.advice, fingerprint: credential.fingerprint };
    case 'jws':
    case 'unsecured':
      if (credential.leak.level !== 'live') return undefined;
      return { what: `live ${roleNames[credential.verdict?.role ?? 'unknown']}`, masked: undefined, advice: credential.leak.advice, fingerprint: credential.fingerprint };
    default:
      return undefined;
  }
}
