import { stringParameter } from './header.js';
import { own, type JsonObject } from './json.js';

/** What job the token seems to do: the lesson's "two tokens, two jobs". */
export type TokenRole = 'id-token' | 'access-token' | 'refresh-token' | 'unknown';

export interface Verdict {
  role: TokenRole;
  /** Each clue that counted, in words; for "unknown", why no role won. */
  reasons: string[];
}

type Weight = 1 | 2 | 3;

interface Clue {
  role: Exclude<TokenRole, 'unknown'>;
  weight: Weight;
  reason: string;
}

/**
 * Clues carry weights: 3 settles it (a type the issuer declared), 2 is strong (a claim only that
 * kind of token has), 1 is a hint. The highest total wins; a tie is "unknown", said with both sides.
 */
export function judgeRole(header: JsonObject, claims: JsonObject): Verdict {
  const clues = [...headerClues(header), ...claimClues(claims)];
  if (clues.length === 0) {
    return { role: 'unknown', reasons: ['Nothing in it says which kind it is (no nonce, at_hash, scope, client_id, token_use or typ).'] };
  }
  const totals = new Map<Clue['role'], number>();
  for (const clue of clues) totals.set(clue.role, (totals.get(clue.role) ?? 0) + clue.weight);
  const ranked = [...totals].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  const reasons = clues.map((clue) => clue.reason);
  if (!first || (second && second[1] === first[1])) {
    return { role: 'unknown', reasons: ['Its clues point both ways:', ...reasons] };
  }
  return { role: first[0], reasons: clues.filter((clue) => clue.role === first[0]).map((clue) => clue.reason) };
}

function headerClues(header: JsonObject): Clue[] {
  const typ = stringParameter(header, 'typ')?.toLowerCase();
  if (typ === 'at+jwt' || typ === 'application/at+jwt') {
    return [{ role: 'access-token', weight: 3, reason: 'Its header says typ "at+jwt": the JWT access token profile (RFC 9068).' }];
  }
  return [];
}

function claimClues(claims: JsonObject): Clue[] {
  const clues: Clue[] = [];
  const add = (role: Clue['role'], weight: Weight, reason: string): void => {
    clues.push({ role, weight, reason });
  };
  const has = (name: string): boolean => own(claims, name) !== undefined;
  const text = (name: string): string | undefined => {
    const value = own(claims, name);
    return typeof value === 'string' ? value.toLowerCase() : undefined;
  };

  const tokenUse = text('token_use');
  if (tokenUse === 'id') add('id-token', 3, 'token_use is "id" (Amazon Cognito\'s label for ID tokens).');
  if (tokenUse === 'access') add('access-token', 3, 'token_use is "access".');
  if (tokenUse === 'refresh') add('refresh-token', 3, 'token_use is "refresh".');

  const typ = text('typ');
  if (typ === 'id') add('id-token', 3, 'Its typ claim is "ID" (Keycloak\'s label for ID tokens).');
  if (typ === 'bearer') add('access-token', 3, 'Its typ claim is "Bearer" (Keycloak\'s label for access tokens).');
  if (typ === 'refresh' || typ === 'offline') add('refresh-token', 3, `Its typ claim is "${String(own(claims, 'typ'))}": a refresh token.`);

  if (has('nonce')) add('id-token', 2, 'It carries a nonce, which ties an ID token to the login that asked for it.');
  if (has('at_hash')) add('id-token', 2, 'It carries at_hash, the ID token\'s link to the access token issued with it.');
  if (has('c_hash')) add('id-token', 2, 'It carries c_hash, the ID token\'s link to the authorisation code.');
  if (has('scope') || has('scp')) add('access-token', 2, 'It lists scopes: what an API may let its holder do.');
  if (has('client_id') || has('cid')) add('access-token', 2, 'It names the client it was issued to (client_id), as access tokens do.');

  const aud = own(claims, 'aud');
  if (typeof aud === 'string' && !/^https?:\/\//.test(aud) && !has('scope') && !has('scp')) {
    add('id-token', 1, 'Its audience is a single client id rather than an API address, and it has no scopes.');
  }
  if (has('auth_time') || has('amr') || has('acr')) add('id-token', 1, 'It describes the login itself (auth_time, amr or acr).');
  return clues;
}
