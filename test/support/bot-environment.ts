import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPostgresUrl } from '../../src/store/open.js';

/**
 * Every variable the bot reads, set, so a developer's own .env (which never overrides the
 * environment) cannot leak into a test that starts the bot as a process.
 */
export function botEnvironment(api: { apiUrl: string; token: string }, databasePath: string, overrides: Record<string, string> = {}) {
  // A Postgres URL is DATABASE_URL; DATABASE_PATH then only places the content cache.
  const database = isPostgresUrl(databasePath) ? { DATABASE_URL: databasePath, DATABASE_PATH: path.join(tmpdir(), 'tutor-test-pg', 'tutor.db') } : { DATABASE_URL: '', DATABASE_PATH: databasePath };
  return {
    DISCORD_TOKEN: api.token,
    DISCORD_API_URL: api.apiUrl,
    DISCORD_APPLICATION_ID: '',
    DISCORD_GUILD_ID: '',
    ...database,
    CONTENT_DIR: 'content',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}
