import { MAX_INPUT_BYTES, utf8ByteLength } from './limits.js';
import { fromAuthorizationHeaders, fromJsonBodies, fromJwsJson, fromPrefixes, fromUrlsAndForms, type Found } from './contexts.js';
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
}

/** Every token found in a paste, in the order they appear; each is inspected on its own. */
export type ExtractAllResult =
  | { ok: true; extractions: Extraction[]; wrappers: Wrapper[] }
  | { ok: false; reason: 'no-token-found'; wrappers: Wrapper[]; notes: string[] };

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

/** The first token of the paste: what a caller wanting one answer reads. */
export function extractFromPrepared(text: string, notes: readonly string[]): ExtractResult {
  const all = extractAllFromPrepared(text, notes);
  if (!all.ok) return all;
  const [first] = all.extractions;
  return first ? { ok: true, extraction: first } : { ok: false, reason: 'no-token-found', wrappers: all.wrappers, notes: [...notes] };
}

/**
 * OAuth pastes carry several credentials at once (a redirect with an access token and an ID
 * token, a JSON token response). Recognised contexts come first; plain-text runs add every
 * JWT-shaped word they did not already cover, or the best opaque-looking word when no context
 * matched. A stretch of text is one token at most: overlaps go to the earlier, more specific find.
 */
export function extractAllFromPrepared(text: string, notes: readonly string[]): ExtractAllResult {
  const { text: unwrapped, wrappers } = unwrap(text);
  const joined = joinWrappedLines(unwrapped);
  const contextual = [...fromJwsJson(joined), ...fromAuthorizationHeaders(joined), ...fromJsonBodies(joined), ...fromUrlsAndForms(joined), ...fromPrefixes(joined)];
  const found = withoutOverlaps([...contextual, ...fromPlainText(joined, contextual.length === 0)], joined.length);
  if (found.length === 0) return { ok: false, reason: 'no-token-found', wrappers, notes: [...notes] };
  const extractions = found
    .sort((a, b) => a.index - b.index)
    .map((one): Extraction => {
      const normalised = normaliseTokenLookalikes(one.raw);
      return { candidate: dropSentencePeriod(normalised.text), source: one.source, wrappers, notes: [...notes, ...normalised.notes] };
    });
  return { ok: true, extractions, wrappers };
}

/** Keeps each find unless an earlier one already claimed part of its text; linear in the spans. */
function withoutOverlaps(found: readonly Found[], length: number): Found[] {
  const claimed = new Uint8Array(length + 1);
  const kept: Found[] = [];
  for (const one of found) {
    const end = Math.min(length, one.index + Math.max(1, one.raw.length));
    if (claimed.subarray(one.index, end).includes(1)) continue;
    claimed.fill(1, one.index, end);
    kept.push(one);
  }
  return kept;
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
 * impossible part count into a possible one. Dots are counted once, not re-split per dot: a
 * paste of 16,000 dots must cost one pass.
 */
function dropSentencePeriod(candidate: string): string {
  let dots = 0;
  for (let index = 0; index < candidate.length; index++) if (candidate.charCodeAt(index) === 0x2e) dots++;
  let end = candidate.length;
  while (end > 0 && candidate.charCodeAt(end - 1) === 0x2e) {
    const parts = dots + 1;
    if (parts === 3 || parts === 5) break;
    end--;
    dots--;
  }
  return candidate.slice(0, end);
}
