import { levels, type Lesson, type Level, type Track } from './schema.js';

export interface LessonFilter {
  track?: string;
  level?: Level;
}

/** Lookups over validated content. Pure and immutable: built once at start-up. */
export class Catalogue {
  private readonly byId: ReadonlyMap<string, Lesson>;
  private readonly ordered: readonly Lesson[];

  constructor(
    lessons: readonly Lesson[],
    readonly tracks: readonly Track[],
  ) {
    const trackOrder = new Map(tracks.map((track, index) => [track.id, index]));
    this.ordered = [...lessons].sort(
      (a, b) =>
        (trackOrder.get(a.track) ?? Infinity) - (trackOrder.get(b.track) ?? Infinity) ||
        levels.indexOf(a.level) - levels.indexOf(b.level) ||
        a.title.localeCompare(b.title),
    );
    this.byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  }

  get size(): number {
    return this.ordered.length;
  }

  lesson(id: string): Lesson | undefined {
    return this.byId.get(id);
  }

  track(id: string): Track | undefined {
    return this.tracks.find((track) => track.id === id);
  }

  /** In catalogue order: by track as tracks.yaml lists them, then level, then title. */
  lessons(filter: LessonFilter = {}): Lesson[] {
    return this.ordered.filter(
      (lesson) => (!filter.track || lesson.track === filter.track) && (!filter.level || lesson.level === filter.level),
    );
  }

  /** The levels some lesson (of this track, when given) has, easiest first. */
  levels(track?: string): Level[] {
    const present = new Set(this.lessons({ track }).map((lesson) => lesson.level));
    return levels.filter((level) => present.has(level));
  }

  /** Where a newcomer starts: the first junior lesson of the first track, else the first lesson. */
  firstLesson(): Lesson | undefined {
    return this.lessons({ level: 'junior' })[0] ?? this.ordered[0];
  }

  /**
   * Best matches first: an exact title, id or keyword, then prefixes, then every typed word
   * in the title or keywords, then in the summary, and last a misspelt word that still reads
   * as one we use. Weak likenesses are dropped, so an unrelated lesson never fills the list.
   * An empty query lists the catalogue.
   */
  search(query: string, limit = 25): Lesson[] {
    const wanted = normalise(query);
    if (wanted === '') return this.ordered.slice(0, limit);
    return this.ordered
      .map((lesson) => ({ lesson, score: matchScore(wanted, lesson) }))
      .filter((match) => match.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((match) => match.lesson);
  }

  /** A topic as a user typed it, when it names exactly one lesson without doubt. */
  resolve(topic: string): Lesson | undefined {
    const exact = this.byId.get(topic.trim());
    if (exact) return exact;
    const wanted = normalise(topic);
    return this.ordered.find((lesson) => normalise(lesson.title) === wanted || normalise(lesson.id) === wanted);
  }
}

/** A misspelt word must read this much like a word we use (one slip in five letters). */
const minimumLikeness = 0.8;

/** 0 for no match; higher is better. Each tier outranks every lower one. */
function matchScore(wanted: string, lesson: Lesson): number {
  const names = [normalise(lesson.title), normalise(lesson.id)];
  const keywords = lesson.keywords.map(normalise);
  if (names.includes(wanted)) return 1000;
  if (names.some((name) => name.startsWith(wanted))) return 900;
  const queryWords = wanted.split(' ');
  const nameWords = names.flatMap((name) => name.split(' '));
  const keywordWords = keywords.flatMap((keyword) => keyword.split(' '));
  const inNames = wordsFound(queryWords, nameWords);
  if (inNames > 0) return 700 + inNames;
  if (keywords.includes(wanted)) return 690;
  if (keywords.some((keyword) => keyword.startsWith(wanted))) return 670;
  if (names.some((name) => name.includes(wanted))) return 650;
  const inNamesAndKeywords = wordsFound(queryWords, [...nameWords, ...keywordWords]);
  if (inNamesAndKeywords > 0) return 600 + inNamesAndKeywords;
  const summary = normalise(lesson.summary);
  if (` ${summary} `.includes(` ${wanted} `)) return 550;
  const inAll = wordsFound(queryWords, [...nameWords, ...keywordWords, ...summary.split(' ')]);
  if (inAll > 0) return 400 + inAll;
  const likeWords = [...nameWords, ...keywordWords];
  const perWord = queryWords.map((queryWord) => Math.max(0, ...likeWords.map((word) => wordLikeness(queryWord, word))));
  if (perWord.some((value) => value < minimumLikeness)) return 0;
  return 100 * (perWord.reduce((sum, value) => sum + value, 0) / perWord.length);
}

/**
 * Whether every typed word is a word of the text (or, from three letters, the start of one):
 * 0 when one is missing, else up to 100 as more of them are whole words.
 */
function wordsFound(queryWords: readonly string[], words: readonly string[]): number {
  let whole = 0;
  for (const typed of queryWords) {
    if (words.includes(typed)) whole += 1;
    else if (typed.length < 3 || !words.some((word) => word.startsWith(typed))) return 0;
  }
  return 1 + (99 * whole) / queryWords.length;
}

/** Typos in one word: a swapped, missing or extra letter still reads as the word meant. */
function wordLikeness(typed: string, word: string): number {
  if (word.startsWith(typed)) return 1;
  const longest = Math.max(typed.length, word.length);
  return Math.max(likeness(typed, word), 1 - editDistance(typed, word) / longest);
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

const normalise = (text: string) =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Dice coefficient over letter pairs: forgiving of typos and word order. */
function likeness(a: string, b: string): number {
  const pairsA = letterPairs(a);
  const pairsB = letterPairs(b);
  if (pairsA.length === 0 || pairsB.length === 0) return 0;
  const remaining = new Map<string, number>();
  for (const pair of pairsB) remaining.set(pair, (remaining.get(pair) ?? 0) + 1);
  let shared = 0;
  for (const pair of pairsA) {
    const count = remaining.get(pair) ?? 0;
    if (count > 0) {
      shared += 1;
      remaining.set(pair, count - 1);
    }
  }
  return (2 * shared) / (pairsA.length + pairsB.length);
}

function letterPairs(text: string): string[] {
  const pairs: string[] = [];
  for (const word of text.split(' ')) {
    for (let index = 0; index < word.length - 1; index += 1) pairs.push(word.slice(index, index + 2));
  }
  return pairs;
}
