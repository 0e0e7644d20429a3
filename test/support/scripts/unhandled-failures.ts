import { createLogger } from '../../../src/log.js';
import { installProcessGuards } from '../../../src/process-guards.js';

/** A process with the guards on meets a rejected promise nobody awaits and a throw in a timer, then says it is alive. */
installProcessGuards(createLogger({ level: 'info', secrets: [] }));
void Promise.reject(new Error('SQLITE_BUSY: database is locked'));
setTimeout(() => {
  throw new TypeError("Cannot read properties of undefined (reading 'split')");
}, 10);
setTimeout(() => console.log('still serving'), 100);
