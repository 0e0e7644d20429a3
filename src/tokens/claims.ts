import { displayValue, type JsonObject, type JsonValue } from './json.js';

/** Where a claim is defined, so the view can group them. */
export type ClaimOrigin =
  /** RFC 7519 §4.1 */
  | 'registered'
  /** OpenID Connect Core (ID tokens, standard user claims) */
  | 'openid'
  /** OAuth specifications: RFC 8693, 9068, 7800 */
  | 'oauth'
  /** A provider's own convention (Cognito, Okta, Entra ID, Keycloak, Google) */
  | 'provider'
  | 'unknown';

export interface ClaimEntry {
  name: string;
  /** Plain words: "Issuer", "Expires"… undefined for claims we do not know. */
  label: string | undefined;
  explanation: string | undefined;
  origin: ClaimOrigin;
  /** Says something about a person (name, email, phone…). */
  personalData: boolean;
  /** exp, nbf, iat, auth_time, updated_at: read as times by times.ts. */
  isTime: boolean;
  value: JsonValue;
  /** One line, truncated: strings as they are, anything else as JSON. */
  display: string;
}

interface KnownClaim {
  label: string;
  explanation: string;
  origin: ClaimOrigin;
  personalData?: boolean;
  isTime?: boolean;
}

const known = (origin: ClaimOrigin, label: string, explanation: string, extra: Partial<KnownClaim> = {}): KnownClaim => ({
  origin,
  label,
  explanation,
  ...extra,
});
const personal = { personalData: true };
const time = { isTime: true };

// A Map, not an object literal: a claim called "constructor" or "__proto__" must find nothing.
const KNOWN_CLAIMS = new Map<string, KnownClaim>([
  ['iss', known('registered', 'Issuer', 'Who issued the token. A service must only trust issuers it knows.')],
  ['sub', known('registered', 'Subject', 'Who the token is about: their id at this issuer (unique only together with iss).')],
  ['aud', known('registered', 'Audience', 'Who the token is for. A service must refuse a token not addressed to it.')],
  ['exp', known('registered', 'Expires', 'From this moment on, the token must be refused.', time)],
  ['nbf', known('registered', 'Not before', 'Before this moment, the token must be refused.', time)],
  ['iat', known('registered', 'Issued at', 'When the token was made.', time)],
  ['jti', known('registered', 'Token ID', 'A unique id for this token, so a replay or a revocation can be recognised.')],
  ['azp', known('openid', 'Authorised party', 'The client the ID token was issued to, when the audience names several.')],
  ['nonce', known('openid', 'Nonce', 'A random value the app sent when login began; the app must find it here, which ties the ID token to that login and stops replays.')],
  ['at_hash', known('openid', 'Access token hash', 'Half of a hash of the access token issued with this ID token, so the app can check that they belong together.')],
  ['c_hash', known('openid', 'Code hash', 'Half of a hash of the authorisation code issued with this ID token.')],
  ['s_hash', known('openid', 'State hash', 'Half of a hash of the state value of the request (FAPI).')],
  ['auth_time', known('openid', 'Authenticated at', 'When the person actually logged in, which may be long before the token was issued.', time)],
  ['acr', known('openid', 'Authentication class', 'How strong the login was, as a level or a policy name.')],
  ['amr', known('openid', 'Authentication methods', 'How the person proved who they are: pwd, otp, mfa, hwk…')],
  ['sid', known('openid', 'Session ID', 'The login session at the provider; used to log out.')],
  ['name', known('openid', 'Full name', 'The person\'s full name.', personal)],
  ['given_name', known('openid', 'Given name', 'The person\'s first name.', personal)],
  ['family_name', known('openid', 'Family name', 'The person\'s surname.', personal)],
  ['middle_name', known('openid', 'Middle name', 'The person\'s middle name.', personal)],
  ['nickname', known('openid', 'Nickname', 'A casual name for the person.', personal)],
  ['preferred_username', known('openid', 'Username', 'The name the person prefers to be known by; not unique, not an identifier.')],
  ['profile', known('openid', 'Profile page', 'URL of the person\'s profile page.', personal)],
  ['picture', known('openid', 'Picture', 'URL of the person\'s photo.', personal)],
  ['website', known('openid', 'Website', 'The person\'s web page or blog.', personal)],
  ['email', known('openid', 'Email', 'The person\'s email address.', personal)],
  ['email_verified', known('openid', 'Email verified', 'Whether the provider checked that the person controls that address.')],
  ['gender', known('openid', 'Gender', 'The person\'s gender.', personal)],
  ['birthdate', known('openid', 'Birth date', 'The person\'s date of birth.', personal)],
  ['zoneinfo', known('openid', 'Time zone', 'The person\'s time zone.')],
  ['locale', known('openid', 'Locale', 'The person\'s language and country.')],
  ['phone_number', known('openid', 'Phone number', 'The person\'s phone number.', personal)],
  ['phone_number_verified', known('openid', 'Phone verified', 'Whether the provider checked that the person controls that number.')],
  ['address', known('openid', 'Postal address', 'The person\'s postal address.', personal)],
  ['updated_at', known('openid', 'Profile updated', 'When the person\'s profile information last changed.', time)],
  ['events', known('openid', 'Events', 'A security event token (e.g. a back-channel logout), not a login token.')],
  ['scope', known('oauth', 'Scope', 'What the access token allows, as space-separated permissions.')],
  ['scp', known('provider', 'Scopes', 'What the access token allows (Entra ID, Okta).')],
  ['client_id', known('oauth', 'Client', 'The application the token was issued to (RFC 9068, RFC 8693).')],
  ['cnf', known('oauth', 'Confirmation', 'The key the holder must prove to possess (DPoP, mTLS): a stolen copy alone is not enough.')],
  ['act', known('oauth', 'Actor', 'Who is acting on the subject\'s behalf (token exchange, RFC 8693).')],
  ['may_act', known('oauth', 'May act', 'Who is allowed to act on the subject\'s behalf (RFC 8693).')],
  ['roles', known('oauth', 'Roles', 'Roles granted to the subject (RFC 9068 §2.2.3.1, Entra ID).')],
  ['groups', known('oauth', 'Groups', 'Groups the subject belongs to.')],
  ['entitlements', known('oauth', 'Entitlements', 'Individual entitlements of the subject.')],
  ['typ', known('provider', 'Token type (claim)', 'The issuer\'s own label for the token: Bearer, ID, Refresh… (Keycloak).')],
  ['token_use', known('provider', 'Token use', 'access, id or refresh: what the token is for (Amazon Cognito).')],
  ['cid', known('provider', 'Client ID', 'The application the token was issued to (Okta).')],
  ['uid', known('provider', 'User ID', 'The user\'s id (Okta).')],
  ['tid', known('provider', 'Tenant ID', 'The directory (tenant) the user signed in to (Entra ID).')],
  ['oid', known('provider', 'Object ID', 'The user\'s id across the tenant\'s applications (Entra ID).')],
  ['upn', known('provider', 'User principal name', 'The user\'s sign-in name, often an email address (Entra ID).', personal)],
  ['unique_name', known('provider', 'Unique name', 'A display name for the user (Entra ID).', personal)],
  ['appid', known('provider', 'Application ID', 'The client that requested the token (Entra ID v1).')],
  ['ver', known('provider', 'Token version', 'The format version of the token (Entra ID, Okta).')],
  ['idp', known('provider', 'Identity provider', 'Who actually authenticated the user, when federated.')],
  ['hd', known('provider', 'Hosted domain', 'The Google Workspace domain of the account.')],
  ['session_state', known('provider', 'Session state', 'The login session at the provider (Keycloak).')],
  ['realm_access', known('provider', 'Realm roles', 'Roles granted in the realm (Keycloak).')],
  ['resource_access', known('provider', 'Client roles', 'Roles granted per client (Keycloak).')],
  ['username', known('provider', 'Username', 'The user\'s name at the issuer (Cognito and others).')],
]);

/** Every claim, in the token's own order; unknown ones are listed as plain data. */
export function explainClaims(claims: JsonObject): ClaimEntry[] {
  return Object.entries(claims).map(([name, value]) => {
    const claim = KNOWN_CLAIMS.get(name);
    return {
      name,
      label: claim?.label,
      explanation: claim?.explanation,
      origin: claim?.origin ?? 'unknown',
      personalData: claim?.personalData ?? false,
      isTime: claim?.isTime ?? false,
      value,
      display: displayValue(value),
    };
  });
}

export function isKnownClaim(name: string): boolean {
  return KNOWN_CLAIMS.has(name);
}
