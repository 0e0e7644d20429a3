/**
 * A start-up failure whose message is already the one line an admin needs: what is wrong
 * (naming the variable or file) and what to do. Printed as is, never with a stack trace.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Thrown by withDeadline when `what` has not settled in time. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not finish within ${Math.round(ms / 1000)} s`);
  }
}

/** Settles like `work`, or rejects with a DeadlineError after `ms`; the timer never keeps the process alive. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** How long start and deploy wait for Discord's REST API to answer before saying so. */
export const discordAnswerDeadlineMs = 10_000;
/** How long start waits for the gateway to say ready once REST has answered (guilds may take 15 s to arrive). */
export const gatewayReadyDeadlineMs = 60_000;
