import type { CredentialInspection } from '../../tokens/inspect.js';
import type { ExtractSource } from '../../tokens/sources.js';

const roleNames = { 'access-token': 'an access token', 'id-token': 'an ID token', 'refresh-token': 'a refresh token', unknown: 'a JWT of unknown kind' } as const;

/** What a credential is, in a few words: "GitHub token", "an ID token (id_token)". Plain text; callers escape it. */
export function credentialName(credential: CredentialInspection): string {
  const where = credential.kind === 'secret' ? undefined : credential.found ? parameterOf(credential.found.source) : undefined;
  const what = describe(credential);
  return where ? `${what} (${where})` : what;
}

function describe(credential: CredentialInspection): string {
  switch (credential.kind) {
    case 'secret':
      return credential.secret.variant ? `${credential.secret.family.name}: ${credential.secret.variant}` : credential.secret.family.name;
    case 'jws':
    case 'unsecured':
      return credential.verdict ? roleNames[credential.verdict.role] : 'a signed token (JWS)';
    case 'jwe':
      return 'an encrypted token (JWE)';
    case 'not-a-token':
      if (credential.reason === 'authorization-code') return 'an authorization code';
      return credential.reason === 'looks-opaque' ? 'an opaque token' : 'a token I cannot decode';
  }
}

/** The parameter or field a token came from, when the paste named one: "id_token", "the Authorization header". */
export function parameterOf(source: ExtractSource): string | undefined {
  if (source === 'authorization-header') return 'Authorization header';
  if (source === 'bearer-prefix') return 'after "Bearer"';
  if (source === 'bot-prefix') return 'after "Bot"';
  if (source === 'jws-json') return 'JWS JSON';
  if (source === 'plain') return undefined;
  return source.split(':').at(-1);
}

/** A sentence on where a token was found: "From the `id_token` parameter of the URL fragment." Plain text with code spans. */
export function sourceSentence(source: ExtractSource): string | undefined {
  const [kind, part, name] = source.split(':');
  if (kind === 'json') return `From the \`${part}\` field of the JSON.`;
  if (kind === 'url') return `From the \`${name}\` parameter of the URL ${part === 'fragment' ? 'fragment (after #)' : 'query (after ?)'}.`;
  if (kind === 'form') return `From the \`${part}\` field of the form body.`;
  if (source === 'authorization-header') return 'From the Authorization header.';
  return undefined;
}
