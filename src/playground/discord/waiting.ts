interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/**
 * Lets tests wait for "something recorded that matches". Every recording calls
 * notify(); pending waiters re-run their probe. A probe returns undefined to keep
 * waiting and may throw to fail fast (e.g. the bot answered too late).
 */
export class ChangeFeed {
  private readonly waiters = new Set<Waiter>();
  private closedWith: Error | null = null;

  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  wait<T>(probe: () => T | undefined, timeoutMs: number, describeTimeout: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closedWith) return reject(this.closedWith);
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (error) {
            waiter.fail(error as Error);
            return;
          }
          if (value === undefined) return;
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(value);
        },
        fail: (error) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
      waiter.check();
      if (!this.waiters.has(waiter)) return;
      timer = setTimeout(() => waiter.fail(new Error(describeTimeout())), timeoutMs);
    });
  }

  close(): void {
    this.closedWith = new Error('local-discord was closed while a test was still waiting');
    for (const waiter of [...this.waiters]) waiter.fail(this.closedWith);
  }
}
