import { existsSync } from 'node:fs';
import { backupDatabase, describeSqliteError } from '../ops/database.js';
import { StartupError } from '../ops/startup.js';

/**
 * `npm run backup -- <file>`: a consistent copy of the database (DATABASE_PATH, from .env or
 * the environment) through SQLite's online backup, safe while the bot runs. Needs no token.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const databasePath = process.env.DATABASE_PATH?.trim() || 'data/tutor.db';
const destination = process.argv[2];

if (!destination) {
  console.error('Usage: npm run backup -- <file>   (copies DATABASE_PATH, now ' + databasePath + ', to <file>; safe while the bot runs)');
  process.exit(1);
}
try {
  const result = await backupDatabase(databasePath, destination);
  console.log(`Backed up ${databasePath} (schema v${result.schemaVersion}, ${result.pages} pages) to ${result.file}.`);
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `The backup of ${databasePath} to ${destination} failed (${describeSqliteError(error)}).`);
  process.exit(1);
}
