import { existsSync } from 'node:fs';
import { startMode } from './start-mode.js';

/** `npm start`: Discord with a DISCORD_TOKEN, the local playground without one (outside production). */
if (existsSync('.env')) process.loadEnvFile('.env');
if (startMode(process.env, process.argv) === 'playground') await import('./playground/main.js');
else await import('./discord-main.js');
