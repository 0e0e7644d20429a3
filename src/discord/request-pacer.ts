/** Time as the pacer sees it: tests pass a virtual clock, so no test waits on the wall clock. */
export interface PacerClock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPacerClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Hands out request slots evenly spaced, first come first served. Any one-second window then
 * holds at most `requestsPerSecond` of them, so background work keeps to its share of
 * Discord's global limit however many members it has to reach.
 */
export class RequestPacer {
  private nextSlotAt = Number.NEGATIVE_INFINITY;
  private readonly spacingMs: number;

  constructor(
    requestsPerSecond: number,
    private readonly clock: PacerClock,
  ) {
    if (!(requestsPerSecond > 0)) throw new RangeError(`requestsPerSecond must be positive, got ${requestsPerSecond}`);
    this.spacingMs = 1000 / requestsPerSecond;
  }

  /** Resolves when the caller may send one request; reserves the slot at once, so callers never share one. */
  async slot(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = at + this.spacingMs;
    if (at > now) await this.clock.sleep(at - now);
  }
}
