import { MAX_INPUT_BYTES, utf8ByteLength } from './limits.js';
import { fromAuthorizationHeader, fromJsonBody, fromPrefix, fromUrlOrForm } from './contexts.js';
import { normaliseTokenLookalikes, removeInvisible, straightenQuotes } from './lookalikes.js';
import { fromPlainText, joinWrappedLines } from './plain-text.js';
import type { ExtractSource } from './sources.js';

export type { ExtractSource, JsonTokenField, UrlTokenParam } from './sources.js';
export { JSON_TOKEN_FIELDS, URL_TOKEN_PARAMS } from './sources.js';

/** Discord and chat wrapping taken off before looking. */
export type Wrapper = 'code-block' | 'inline-code' | 'spoiler';

export interface Extraction {
  /** The token text to decode: unwrapped, de-wrapped across lines, look-alikes replaced. */
  candidate: string;
  source: ExtractSource;
  wrappers: Wrapper[];
  /** Every change made to what was pasted, in words (never silent). */
  notes: string[];
  /** Other tokens seen in the same paste, not decoded (one answer, one token). */
  alsoFound: ExtractSource[];
}

export type ExtractResult =
  | { ok: true; extraction: Extraction }
  | { ok: false; reason: 'too-long'; bytes: number; limitBytes: number }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'no-token-found'; wrappers: Wrapper[]; notes: string[] };

/** Size check, invisible characters and quotes: what every later step (secrets included) reads. */
export type Prepared =
  | { ok: true; text: string; notes: string[] }
  | { ok: false; reason: 'too-long'; bytes: number; limitBytes: number }
  | { ok: false; reason: 'empty' };

export function prepareInput(input: string): Prepared {
  const bytes = utf8ByteLength(input, MAX_INPUT_BYTES);
  if (bytes > MAX_INPUT_BYTES) return { ok: false, reason: 'too-long', bytes, limitBytes: MAX_INPUT_BYTES };
  const visible = removeInvisible(input);
  const straight = straightenQuotes(visible.text);
  if (straight.text.trim() === '') return { ok: false, reason: 'empty' };
  return { ok: true, text: straight.text, notes: [...visible.notes, ...straight.notes] };
}

export function extractCandidate(input: string): ExtractResult {
  const prepared = prepareInput(input);
  if (!prepared.ok) return prepared;
  return extractFromPrepared(prepared.text, prepared.notes);
}

export function extractFromPrepared(text: string, notes: readonly string[]): ExtractResult {
  const { text: unwrapped, wrappers } = unwrap(text);
  const joined = joinWrappedLines(unwrapped);
  const found =
    fromAuthorizationHeader(joined) ??
    fromJsonBody(joined) ??
    fromUrlOrForm(joined) ??
    fromPrefix(joined) ??
    fromPlainText(joined);
  if (!found) return { ok: false, reason: 'no-token-found', wrappers, notes: [...notes] };
  const normalised = normaliseTokenLookalikes(found.raw);
  return {
    ok: true,
    extraction: {
      candidate: dropSentencePeriod(normalised.text),
      source: found.source,
      wrappers,
      notes: [...notes, ...normalised.notes],
      alsoFound: found.alsoFound,
    },
  };
}

function unwrap(text: string): { text: string; wrappers: Wrapper[] } {
  const wrappers: Wrapper[] = [];
  let out = text;
  if (out.includes('```')) {
    wrappers.push('code-block');
    // A language tag only counts when a line break follows: ```eyJ…``` is a token, not a language.
    out = out.replace(/```(?:[A-Za-z0-9_+-]{1,20}(?=\r?\n))?/g, '\n');
  }
  if (out.includes('`')) {
    wrappers.push('inline-code');
    out = out.replaceAll('`', ' ');
  }
  if (out.includes('||')) {
    wrappers.push('spoiler');
    out = out.replaceAll('||', ' ');
  }
  return { text: out, wrappers };
}

/**
 * "Here it is: eyJ….sig." ends a sentence with the token's neighbour. An unsecured JWT ends with
 * "." legitimately (3 parts, the last empty), so a trailing dot goes only when it makes an
 * impossible part count into a possible one.
 */
function dropSentencePeriod(candidate: string): string {
  let out = candidate;
  while (out.endsWith('.')) {
    const parts = out.split('.').length;
    if (parts === 3 || parts === 5) break;
    out = out.slice(0, -1);
  }
  return out;
}
