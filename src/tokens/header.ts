import { displayValue, own, type JsonObject, type JsonValue } from './json.js';

/** One JOSE header parameter, explained when it is a registered one (RFC 7515, 7516, 7797). */
export interface HeaderEntry {
  name: string;
  label: string | undefined;
  explanation: string | undefined;
  value: JsonValue;
  display: string;
}

interface Known {
  label: string;
  explanation: string;
}

// A Map, not an object: a header named "constructor" or "__proto__" must find nothing here.
const KNOWN = new Map<string, Known>([
  ['alg', { label: 'Algorithm', explanation: 'How the token is signed (JWS) or how its content key is protected (JWE).' }],
  ['typ', { label: 'Type', explanation: 'What kind of object this is as a whole: JWT, at+jwt (access token), dpop+jwt…' }],
  ['cty', { label: 'Content type', explanation: 'What the payload is; "JWT" means it holds another token (nested).' }],
  ['kid', { label: 'Key ID', explanation: 'Which of the issuer\'s keys was used, so a verifier can pick it from the published key set.' }],
  ['jku', { label: 'Key set URL', explanation: 'Where a verifier could fetch the key set. This bot never fetches it.' }],
  ['jwk', { label: 'Embedded key', explanation: 'A public key carried inside the token itself.' }],
  ['x5u', { label: 'Certificate URL', explanation: 'Where a verifier could fetch an X.509 certificate. This bot never fetches it.' }],
  ['x5c', { label: 'Certificate chain', explanation: 'X.509 certificates carried inside the token.' }],
  ['x5t', { label: 'Certificate thumbprint (SHA-1)', explanation: 'Identifies the certificate of the signing key.' }],
  ['x5t#S256', { label: 'Certificate thumbprint (SHA-256)', explanation: 'Identifies the certificate of the signing key.' }],
  ['crit', { label: 'Critical extensions', explanation: 'Header parameters a verifier must understand, or else reject the token.' }],
  ['b64', { label: 'Base64url payload', explanation: 'false means the payload is sent as is, not base64url-encoded (RFC 7797).' }],
  ['enc', { label: 'Content encryption', explanation: 'The algorithm that encrypts the payload (JWE).' }],
  ['zip', { label: 'Compression', explanation: 'The payload was compressed before encryption (DEF = DEFLATE).' }],
  ['epk', { label: 'Ephemeral public key', explanation: 'The sender\'s one-time key for ECDH key agreement.' }],
  ['apu', { label: 'Agreement PartyUInfo', explanation: 'Information about the producer, mixed into ECDH key agreement.' }],
  ['apv', { label: 'Agreement PartyVInfo', explanation: 'Information about the recipient, mixed into ECDH key agreement.' }],
  ['iv', { label: 'Key-wrap IV', explanation: 'Initialisation vector of AES-GCM key wrapping.' }],
  ['tag', { label: 'Key-wrap tag', explanation: 'Authentication tag of AES-GCM key wrapping.' }],
  ['p2s', { label: 'PBES2 salt', explanation: 'Salt for deriving the key from a password.' }],
  ['p2c', { label: 'PBES2 count', explanation: 'How many iterations derive the key from a password.' }],
]);

export function explainHeader(header: JsonObject): HeaderEntry[] {
  return Object.entries(header).map(([name, value]) => {
    const known = KNOWN.get(name);
    return { name, label: known?.label, explanation: known?.explanation, value, display: displayValue(value) };
  });
}

/** `cty` is case-insensitive and may carry the "application/" prefix (RFC 7515 §4.1.10). */
export function saysNestedJwt(header: JsonObject): boolean {
  const cty = own(header, 'cty');
  return typeof cty === 'string' && /^(?:application\/)?jwt$/i.test(cty);
}

export function stringParameter(header: JsonObject, name: string): string | undefined {
  const value = own(header, name);
  return typeof value === 'string' ? value : undefined;
}
