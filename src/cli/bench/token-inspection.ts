import { tokenView } from '../../discord/views/token.js';
import { inspectPaste } from '../../tokens/inspect.js';
import { median } from './stats.js';
import { WORST_CASES } from './token-worst-cases.js';

export interface TokenFigure {
  family: string;
  bytes: number;
  medianMs: number;
  maxMs: number;
}

/**
 * Each worst-case family inspected and rendered (what /decode and the guard do with a paste),
 * `rounds` times after a warm-up: the median says what a paste costs, the max what noise adds.
 */
export function tokenInspectionFigures(rounds: number): TokenFigure[] {
  const now = new Date();
  return WORST_CASES.map(({ family, input }) => {
    for (let warm = 0; warm < 3; warm++) tokenView(inspectPaste(input, now), undefined);
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      tokenView(inspectPaste(input, now), undefined);
      times.push(performance.now() - started);
    }
    return { family, bytes: Buffer.byteLength(input), medianMs: median(times), maxMs: Math.max(...times) };
  });
}
