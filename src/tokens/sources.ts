/** Where in a paste a token can sit: the contexts extract.ts recognises, by name. */

/** Fields of a token endpoint's JSON answer (RFC 6749 §5.1, OIDC Core §3.1.3.3, RFC 7523…). */
export const JSON_TOKEN_FIELDS = [
  'access_token',
  'id_token',
  'refresh_token',
  'logout_token',
  'client_assertion',
  'assertion',
  'token',
  'jwt',
] as const;
export type JsonTokenField = (typeof JSON_TOKEN_FIELDS)[number];

/** Parameters a redirect or a form body carries a token or a code in. */
export const URL_TOKEN_PARAMS = ['id_token', 'access_token', 'refresh_token', 'code', 'token'] as const;
export type UrlTokenParam = (typeof URL_TOKEN_PARAMS)[number];

/** Where in the paste the token was found: the Discord side can say "the id_token of that JSON". */
export type ExtractSource =
  | 'plain'
  | 'authorization-header'
  | 'bearer-prefix'
  | 'bot-prefix'
  /** A JWS in one of the JSON serializations of RFC 7515 §7.2. */
  | 'jws-json'
  | `json:${JsonTokenField}`
  | `url:query:${UrlTokenParam}`
  | `url:fragment:${UrlTokenParam}`
  | `form:${UrlTokenParam}`;
