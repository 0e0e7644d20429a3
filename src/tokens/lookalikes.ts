/**
 * Characters that look like a token's own characters but are not: chat clients, word processors
 * and rendered web pages swap them in. They are replaced only with a note saying so, because a
 * silently "repaired" token could decode to something the member never pasted.
 */

interface LookalikeGroup {
  /** What the note calls them. */
  label: string;
  replacement: string;
  characters: ReadonlySet<string>;
}

const DOTS: LookalikeGroup = {
  label: 'look-alike dot',
  replacement: '.',
  characters: new Set([
    '\u2024', // one dot leader
    '\uFF0E', // fullwidth full stop
    '\u3002', // ideographic full stop
    '\uFF61', // halfwidth ideographic full stop
    '\u00B7', // middle dot
    '\u0387', // Greek ano teleia
    '\u2219', // bullet operator
    '\u22C5', // dot operator
    '\u30FB', // katakana middle dot
    '\uFE52', // small full stop
    '\u2E31', // word separator middle dot
  ]),
};

const DASHES: LookalikeGroup = {
  label: 'look-alike dash',
  replacement: '-',
  characters: new Set([
    '\u2010', // hyphen
    '\u2011', // non-breaking hyphen
    '\u2012', // figure dash
    '\u2013', // en dash
    '\u2014', // em dash
    '\u2015', // horizontal bar
    '\u2212', // minus sign
    '\uFE63', // small hyphen-minus
    '\uFF0D', // fullwidth hyphen-minus
  ]),
};

const UNDERSCORES: LookalikeGroup = {
  label: 'look-alike underscore',
  replacement: '_',
  characters: new Set(['\uFF3F' /* fullwidth low line */]),
};

const QUOTES: LookalikeGroup = {
  label: 'smart quote',
  replacement: '"',
  characters: new Set([
    '\u2018', '\u2019', '\u201A', '\u201B', // single curly quotes
    '\u201C', '\u201D', '\u201E', '\u201F', // double curly quotes
    '\u00AB', '\u00BB', // guillemets
    '\uFF02', '\uFF07', // fullwidth quotes
  ]),
};

/** Invisible characters that ride along when a token is copied from a chat or a web page. */
const INVISIBLE = new Set([
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E',
  '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
  '\u2066', '\u2067', '\u2068', '\u2069',
]);

export const LOOKALIKE_DOTS = DOTS.characters;
export const LOOKALIKE_DASHES = DASHES.characters;
export const LOOKALIKE_UNDERSCORES = UNDERSCORES.characters;

export interface Normalised {
  text: string;
  notes: string[];
}

/** Every character any group here replaces or removes is outside ASCII: pure ASCII text is left as it is, unread. */
const ALL_ASCII = /^[\x00-\x7f]*$/;

/** Drops zero-width and direction-control characters, saying how many went. */
export function removeInvisible(text: string): Normalised {
  if (ALL_ASCII.test(text)) return { text, notes: [] };
  let removed = 0;
  let out = '';
  for (const char of text) {
    if (INVISIBLE.has(char)) removed++;
    else out += char;
  }
  const notes = removed === 0 ? [] : [`Removed ${plural(removed, 'invisible character')} (zero-width or direction marks).`];
  return { text: out, notes };
}

/** Quotes are never part of a token, so curly ones anywhere become straight ones. */
export function straightenQuotes(text: string): Normalised {
  return replaceGroups(text, [QUOTES]);
}

/** Inside a token candidate only: prose around it keeps its own punctuation. */
export function normaliseTokenLookalikes(candidate: string): Normalised {
  const result = replaceGroups(candidate, [DOTS, DASHES, UNDERSCORES]);
  if (result.notes.length > 0 && [...candidate].some((char) => DASHES.characters.has(char))) {
    result.notes.push(
      'A rendered page may have turned two hyphens into one long dash; if decoding fails, copy the token from its source.',
    );
  }
  return result;
}

function replaceGroups(text: string, groups: readonly LookalikeGroup[]): Normalised {
  if (ALL_ASCII.test(text)) return { text, notes: [] };
  const found = new Map<LookalikeGroup, Map<string, number>>();
  let out = '';
  for (const char of text) {
    const group = groups.find((candidate) => candidate.characters.has(char));
    if (!group) {
      out += char;
      continue;
    }
    out += group.replacement;
    const counts = found.get(group) ?? new Map<string, number>();
    counts.set(char, (counts.get(char) ?? 0) + 1);
    found.set(group, counts);
  }
  const notes = [...found].map(([group, counts]) => {
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const codes = [...counts.keys()].map(codePointLabel).join(', ');
    const shown = group.replacement === '"' ? `'"'` : `"${group.replacement}"`;
    return `Replaced ${plural(total, group.label)} (${codes}) with ${shown}.`;
  });
  return { text: out, notes };
}

export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
