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
 * The order steps are shown in. Never the right order itself when it can be avoided:
 * a question whose answer is the order on screen teaches nothing.
 */
export function shuffledSteps(stepCount: number, seed: string): number[] {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const order = seededPermutation(stepCount, `${seed}#${attempt}`);
    if (order.some((step, index) => step !== index)) return order;
  }
  return Array.from({ length: stepCount }, (_, index) => stepCount - 1 - index);
}
