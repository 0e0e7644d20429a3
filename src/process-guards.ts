import type { Logger } from './log.js';

/**
 * The last line of defence: a promise nobody awaited, or a throw in a callback nobody wrapped,
 * is logged and the bot keeps serving. Every known background path catches its own errors;
 * this is for the ones we have not met yet.
 */
export function installProcessGuards(log: Logger, target: NodeJS.EventEmitter = process): () => void {
  const onRejection = (reason: unknown) => log.error({ err: reason }, 'unhandled promise rejection; the bot keeps running');
  const onException = (error: unknown) => log.error({ err: error }, 'uncaught exception; the bot keeps running');
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
