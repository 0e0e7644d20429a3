/**
 * Every variable the bot reads, set, so a developer's own .env (which never overrides the
 * environment) cannot leak into a test that starts the bot as a process.
 */
export function botEnvironment(api: { apiUrl: string; token: string }, databasePath: string, overrides: Record<string, string> = {}) {
  return {
    DISCORD_TOKEN: api.token,
    DISCORD_API_URL: api.apiUrl,
    DISCORD_APPLICATION_ID: '',
    DISCORD_GUILD_ID: '',
    DATABASE_PATH: databasePath,
    CONTENT_DIR: 'content',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}
