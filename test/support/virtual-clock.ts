import type { PacerClock } from '../../src/discord/request-pacer.js';

/**
 * A clock that jumps straight to the next sleeper's wake-up time once the event loop is free,
 * so paced work runs at full speed while every timestamp stays exact.
 */
export class VirtualClock implements PacerClock {
  private current = 0;
  private readonly sleepers: { at: number; wake: () => void }[] = [];

  now = (): number => this.current;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.sleepers.push({ at: this.current + ms, wake });
      this.sleepers.sort((a, b) => a.at - b.at);
      setImmediate(() => this.wakeNext());
    });

  /** Moves time on without anyone sleeping: the next tick of a timer, say. */
  advance(ms: number): void {
    this.current += ms;
  }

  private wakeNext(): void {
    const next = this.sleepers.shift();
    if (!next) return;
    this.current = Math.max(this.current, next.at);
    next.wake();
  }
}
