import { isJsonObject, parseJson } from './json.js';
import type { ExtractSource, JsonTokenField, UrlTokenParam } from './sources.js';
import { JSON_TOKEN_FIELDS, URL_TOKEN_PARAMS } from './sources.js';

/** A token found in a recognised context, before look-alikes are replaced. */
export interface Found {
  raw: string;
  source: ExtractSource;
  /** Where `raw` starts in the text searched, so findings can be ordered and overlaps dropped. */
  index: number;
}

// Every pattern here has bounded repeats and no nested quantifier, and each match ends where the
// next may begin: one pass over a 16 KiB paste whatever it holds.
const AUTHORIZATION = /\bauthorization[ \t]{0,8}:[ \t]{0,8}(?:(?:bearer|bot|basic|token|dpop)[ \t]{1,8})?([^\s"',;]{1,16384})/gi;

export function fromAuthorizationHeaders(text: string): Found[] {
  return [...text.matchAll(AUTHORIZATION)].map((match) => found(match, 1, 'authorization-header'));
}

/** The found value's own offset: the match starts at its label. */
function found(match: RegExpMatchArray, group: number, source: ExtractSource, raw = match[group] ?? ''): Found {
  const value = match[group] ?? '';
  return { raw, source, index: (match.index ?? 0) + match[0].lastIndexOf(value) };
}

const JSON_FIELD = new RegExp(`"(${JSON_TOKEN_FIELDS.join('|')})"[ \\t\\r\\n]{0,16}:[ \\t\\r\\n]{0,16}"([^"\\s]{1,16384})"`, 'g');

export function fromJsonBodies(text: string): Found[] {
  return [...text.matchAll(JSON_FIELD)].map((match) => found(match, 2, `json:${match[1] as JsonTokenField}`));
}

const URL_PARAM = new RegExp(`(^|[?#&\\s])(${URL_TOKEN_PARAMS.join('|')})=([^&#\\s"'<>]{1,16384})`, 'g');

export function fromUrlsAndForms(text: string): Found[] {
  const params = [...text.matchAll(URL_PARAM)];
  const sources = urlSources(text, params);
  return params.map((match, index) => found(match, 3, sources[index] ?? 'plain', percentDecoded(match[3] ?? '')));
}

/**
 * Within one URL (no whitespace), the last "?" or "#" before a parameter says which part it is
 * in; without either it is a form body. One forward scan serves every match.
 */
function urlSources(text: string, params: readonly RegExpExecArray[]): ExtractSource[] {
  let scanned = 0;
  let part: 'query' | 'fragment' | undefined;
  return params.map((match): ExtractSource => {
    const end = (match.index ?? 0) + (match[1] ?? '').length;
    for (; scanned < end; scanned++) {
      const char = text[scanned] ?? '';
      if (char === '?' && part !== 'fragment') part = 'query';
      else if (char === '#') part = 'fragment';
      else if (/\s/.test(char)) part = undefined;
    }
    const param = match[2] as UrlTokenParam;
    return part ? `url:${part}:${param}` : `form:${param}`;
  });
}

function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const PREFIX = /\b(bearer|bot)[ \t]{1,8}([A-Za-z0-9._~+/=-]{16,16384})/gi;

export function fromPrefixes(text: string): Found[] {
  return [...text.matchAll(PREFIX)].map((match) => found(match, 2, match[1]?.toLowerCase() === 'bot' ? 'bot-prefix' : 'bearer-prefix'));
}

/**
 * A JWS in a JSON serialization (RFC 7515 §7.2) is one JSON object holding "payload" and
 * "signature" or "signatures": the text from the first "{" to the last "}" is tried as a whole.
 */
export function fromJwsJson(text: string): Found[] {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start || !text.includes('"payload"') || !/"signatures?"/.test(text)) return [];
  const raw = text.slice(start, end + 1);
  return isJwsJsonShaped(raw) ? [{ raw, source: 'jws-json', index: start }] : [];
}

function isJwsJsonShaped(raw: string): boolean {
  const parsed = parseJson(raw);
  if (!parsed.ok || !isJsonObject(parsed.value)) return false;
  const { payload, signature, signatures } = parsed.value;
  return typeof payload === 'string' && (typeof signature === 'string' || Array.isArray(signatures));
}
