import type { ExtractSource, JsonTokenField, UrlTokenParam } from './sources.js';
import { JSON_TOKEN_FIELDS, URL_TOKEN_PARAMS } from './sources.js';

/** A token found in a recognised context, before look-alikes are replaced. */
export interface Found {
  raw: string;
  source: ExtractSource;
  alsoFound: ExtractSource[];
}

// Every pattern here has bounded repeats and no nested quantifier: linear on a 16 KiB paste.
const AUTHORIZATION = /\bauthorization[ \t]{0,8}:[ \t]{0,8}(?:(?:bearer|bot|basic|token|dpop)[ \t]{1,8})?([^\s"',;]{1,16384})/i;

export function fromAuthorizationHeader(text: string): Found | undefined {
  const match = AUTHORIZATION.exec(text);
  return match?.[1] ? { raw: match[1], source: 'authorization-header', alsoFound: [] } : undefined;
}

const JSON_FIELD = new RegExp(`"(${JSON_TOKEN_FIELDS.join('|')})"[ \\t\\r\\n]{0,16}:[ \\t\\r\\n]{0,16}"([^"\\s]{1,16384})"`, 'g');

export function fromJsonBody(text: string): Found | undefined {
  const fields = [...text.matchAll(JSON_FIELD)];
  const first = fields[0];
  if (!first?.[1] || !first[2]) return undefined;
  const sources = fields.map((match) => `json:${match[1] as JsonTokenField}` as const);
  return { raw: first[2], source: sources[0] ?? 'plain', alsoFound: sources.slice(1) };
}

const URL_PARAM = new RegExp(`(^|[?#&\\s])(${URL_TOKEN_PARAMS.join('|')})=([^&#\\s"'<>]{1,16384})`, 'g');

export function fromUrlOrForm(text: string): Found | undefined {
  const params = [...text.matchAll(URL_PARAM)];
  const first = params[0];
  if (!first?.[2] || !first[3]) return undefined;
  const sources = urlSources(text, params);
  return { raw: percentDecoded(first[3]), source: sources[0] ?? 'plain', alsoFound: sources.slice(1) };
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

const PREFIX = /\b(bearer|bot)[ \t]{1,8}([A-Za-z0-9._~+/=-]{16,16384})/i;

export function fromPrefix(text: string): Found | undefined {
  const match = PREFIX.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const source = match[1].toLowerCase() === 'bot' ? 'bot-prefix' : 'bearer-prefix';
  return { raw: match[2], source, alsoFound: [] };
}
