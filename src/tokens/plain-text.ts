import type { Found } from './contexts.js';
import { LOOKALIKE_DASHES, LOOKALIKE_DOTS, LOOKALIKE_UNDERSCORES } from './lookalikes.js';

/** ASCII token characters by code, looked up rather than matched: this runs once per pasted character. */
const ASCII_TOKEN = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~+/=-') ASCII_TOKEN[char.charCodeAt(0)] = 1;

/** Characters a token may hold once look-alikes are replaced; a run of them is a candidate. */
function isTokenChar(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 128) return ASCII_TOKEN[code] === 1;
  return LOOKALIKE_DOTS.has(char) || LOOKALIKE_DASHES.has(char) || LOOKALIKE_UNDERSCORES.has(char);
}

function isAllTokenChars(text: string): boolean {
  for (const char of text) if (!isTokenChar(char)) return false;
  return true;
}

/**
 * Terminals, RFCs and narrow chat windows break long tokens across lines. A line made only of
 * token characters continues the previous one when that one ends in a long token-like word (or is
 * itself all token characters, like a lone "."). A line starting a fresh "eyJ" starts a new token
 * unless the previous line ended with the dot before a payload. The joined line is kept in pieces
 * and its last word described incrementally, so thousands of one-character lines stay linear.
 */
export function joinWrappedLines(text: string): string {
  const done: string[] = [];
  let pieces: string[] = [];
  let tail: TailWord | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const next = line.trim();
    if (tail && next !== '' && isAllTokenChars(next) && continuesToken(tail, next)) {
      pieces[pieces.length - 1] = (pieces.at(-1) ?? '').trimEnd();
      pieces.push(next);
      tail = { length: tail.length + next.length, isWholeLine: tail.isWholeLine, endsWithDot: next.endsWith('.') };
      continue;
    }
    if (pieces.length > 0) done.push(pieces.join(''));
    pieces = [line];
    tail = describeTail(line);
  }
  done.push(pieces.join(''));
  return done.join('\n');
}

/** The last word of a line, when it could be the start of a wrapped token. */
interface TailWord {
  length: number;
  isWholeLine: boolean;
  endsWithDot: boolean;
}

function describeTail(line: string): TailWord | undefined {
  const trimmed = line.trim();
  const word = lastWord(trimmed);
  if (word === '' || !isAllTokenChars(word)) return undefined;
  return { length: word.length, isWholeLine: word.length === trimmed.length, endsWithDot: word.endsWith('.') };
}

function continuesToken(tail: TailWord, next: string): boolean {
  if (next.startsWith('eyJ') && !tail.endsWithDot) return false;
  return tail.length >= 16 || tail.isWholeLine;
}

/** The text after the last whitespace; a backward scan, since /\S+$/ is quadratic on long words. */
function lastWord(text: string): string {
  let start = text.length;
  while (start > 0 && !isSpace(text.charCodeAt(start - 1))) start--;
  return text.slice(start);
}

/** /\s/ for one UTF-16 unit, without a regex call for the common ASCII case. */
function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}

/**
 * Runs of token characters, scored. Every JWT-shaped run is a finding (two JWTs on two lines are
 * two findings); without any, the best-scoring run is, when `fallback` allows (nothing was found
 * in a recognised context).
 */
export function fromPlainText(text: string, fallback: boolean): Found[] {
  const scored = tokenRuns(text)
    .map(trimRun)
    .filter((run) => run.raw !== '')
    .map((run) => ({ run, score: candidateScore(run.raw) }))
    .filter(({ score }) => score > 0);
  const jwts = scored.filter(({ score }) => score === 3).map(({ run }) => run);
  if (jwts.length > 0 || !fallback) return jwts;
  let best: { run: Found; score: number } | undefined;
  for (const entry of scored) {
    if (!best || entry.score > best.score || (entry.score === best.score && entry.run.raw.length > best.run.raw.length)) best = entry;
  }
  return best ? [best.run] : [];
}

function tokenRuns(text: string): Found[] {
  const runs: Found[] = [];
  let start = -1;
  let index = 0;
  for (const char of text) {
    if (isTokenChar(char)) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      runs.push({ raw: text.slice(start, index), source: 'plain', index: start });
      start = -1;
    }
    index += char.length;
  }
  if (start >= 0) runs.push({ raw: text.slice(start), source: 'plain', index: start });
  return runs;
}

/** Prose punctuation at either end ("see: eyJ….", "—eyJ…") is not part of the token. Every such mark is one UTF-16 unit. */
function trimRun(run: Found): Found {
  const { raw } = run;
  let start = 0;
  let end = raw.length;
  while (start < end && isEdgePunctuation(raw.charAt(start), true)) start++;
  while (end > start && isEdgePunctuation(raw.charAt(end - 1), false)) end--;
  return start === 0 && end === raw.length ? run : { raw: raw.slice(start, end), source: 'plain', index: run.index + start };
}

function isEdgePunctuation(char: string, leading: boolean): boolean {
  if (LOOKALIKE_DASHES.has(char) || LOOKALIKE_DOTS.has(char)) return true;
  // A trailing "." may close an unsecured JWT; dropSentencePeriod decides that once dots are counted.
  return leading && char === '.';
}

/** 3: looks like a JWT; 2: dotted like one; 1: long enough to be an opaque token; 0: prose. */
function candidateScore(run: string): number {
  const dots = countDots(run);
  if ((dots === 2 || dots === 4) && /^eyJ/.test(run)) return 3;
  if (dots >= 2 && run.length >= 5) return 2;
  return run.length >= 16 ? 1 : 0;
}

function countDots(text: string): number {
  let dots = 0;
  for (const char of text) if (char === '.' || LOOKALIKE_DOTS.has(char)) dots++;
  return dots;
}
