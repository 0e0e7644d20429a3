/**
 * Seeded shuffling: the same session id always gives the same order, so a quiz replays
 * identically in tests and after a restart, with nothing but the seed stored.
 */
export function seededRandom(seed: string): () => number {
  // FNV-1a folds the seed into 32 bits; mulberry32 turns that into a stream.
  let state = 0x811c9dc5;
  for (let index = 0; index < seed.length; index += 1) {
    state ^= seed.charCodeAt(index);
    state = Math.imul(state, 0x01000193) >>> 0;
  }
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A permutation of 0..count-1 (Fisher–Yates), fixed by the seed. */
export function seededPermutation(count: number, seed: string): number[] {
  const random = seededRandom(seed);
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return order;
}

/**
 * The order steps are shown in, as indexes into `steps`. It depends only on the seed and the
 * steps' texts, never on which order is right, so the buttons and their ids say nothing about
 * the answer: the same set of steps written in any order is shown the same way.
 */
export function displayedSteps(steps: readonly string[], seed: string): number[] {
  const keyed = steps.map((text, index) => ({ index, text, key: seededRandom(`${seed}\u0000${text}`)() }));
  keyed.sort((a, b) => a.key - b.key || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return keyed.map((entry) => entry.index);
}
