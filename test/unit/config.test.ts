import { describe, expect, test } from 'vitest';
import { formatConfigProblems, parseConfig } from '../../src/config.js';

const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('configuration from the environment', () => {
  test('GIVEN only a token THEN every other setting takes its documented default', () => {
    const parsed = parseConfig({ DISCORD_TOKEN: token });
    expect(parsed).toEqual({
      ok: true,
      value: {
        discordToken: token,
        applicationId: undefined,
        guildId: undefined,
        apiUrl: 'https://discord.com/api',
        databasePath: 'data/tutor.db',
        postgres: undefined,
        contentDir: 'content',
        logLevel: 'info',
        tokenGuardIntent: false,
        metrics: undefined,
        sharding: { role: 'single', shard: { ids: [0], count: 1 } },
      },
    });
  });

  test.each([
    ['no token at all', {}, 'DISCORD_TOKEN', 'is not set'],
    ['an empty token line', { DISCORD_TOKEN: '  ' }, 'DISCORD_TOKEN', 'is not set'],
    ['a token of the wrong shape', { DISCORD_TOKEN: 'hunter2' }, 'DISCORD_TOKEN', 'does not look like a bot token'],
    ['a guild id that is not a snowflake', { DISCORD_TOKEN: token, DISCORD_GUILD_ID: 'my-server' }, 'DISCORD_GUILD_ID', '17 to 20 digits'],
    ['an API URL that is not http', { DISCORD_TOKEN: token, DISCORD_API_URL: 'ftp://x' }, 'DISCORD_API_URL', 'http(s) URL'],
    ['an unknown log level', { DISCORD_TOKEN: token, LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'must be one of'],
    ['a metrics port that is not a number', { DISCORD_TOKEN: token, METRICS_PORT: 'nine' }, 'METRICS_PORT', 'port number from 0 to 65535'],
    ['a DATABASE_URL that is not Postgres', { DISCORD_TOKEN: token, DATABASE_URL: 'mysql://u:p@db/tutor' }, 'DATABASE_URL', 'must be a Postgres URL'],
    ['a pool of no connections', { DISCORD_TOKEN: token, DATABASE_URL: 'postgres://db/tutor', DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE', 'from 1 to 200'],
    ['a metrics port out of range', { DISCORD_TOKEN: token, METRICS_PORT: '70000' }, 'METRICS_PORT', 'port number from 0 to 65535'],
    ['a shard count of zero', { DISCORD_TOKEN: token, BOT_SHARDS: '0' }, 'BOT_SHARDS', 'must be auto'],
    ['a shard count that is a word', { DISCORD_TOKEN: token, BOT_SHARDS: 'many' }, 'BOT_SHARDS', 'must be auto'],
    ['a manager that names no shard', { DISCORD_TOKEN: token, SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '2' }, 'SHARDS', 'do not name a shard'],
  ])('GIVEN %s THEN start-up is refused naming %s', (_case, env, variable, words) => {
    const parsed = parseConfig(env);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContainEqual({ variable, message: expect.stringContaining(words) });
    expect(formatConfigProblems(parsed.error)).toContain(`${variable} `);
  });

  test('GIVEN several mistakes THEN each is reported on its own line', () => {
    const parsed = parseConfig({ DISCORD_GUILD_ID: 'x', LOG_LEVEL: 'loud' });
    if (parsed.ok) throw new Error('expected problems');
    expect(parsed.error.map((problem) => problem.variable).sort()).toEqual(['DISCORD_GUILD_ID', 'DISCORD_TOKEN', 'LOG_LEVEL']);
    expect(formatConfigProblems(parsed.error).split('\n')).toHaveLength(4);
  });

  test('GIVEN a token pasted with its "Bot " prefix and a trailing slash on the API URL THEN both are tidied', () => {
    const parsed = parseConfig({ DISCORD_TOKEN: `Bot ${token}`, DISCORD_API_URL: 'http://127.0.0.1:5000/api/' });
    if (!parsed.ok) throw new Error('expected a config');
    expect(parsed.value.discordToken).toBe(token);
    expect(parsed.value.apiUrl).toBe('http://127.0.0.1:5000/api');
  });

  test('GIVEN blank optional lines copied from .env.example THEN they count as unset', () => {
    const parsed = parseConfig({ DISCORD_TOKEN: token, DISCORD_GUILD_ID: '', DISCORD_APPLICATION_ID: '', DATABASE_PATH: '' });
    if (!parsed.ok) throw new Error('expected a config');
    expect(parsed.value.guildId).toBeUndefined();
    expect(parsed.value.databasePath).toBe('data/tutor.db');
  });

  test('GIVEN METRICS_PORT THEN the listener is on, bound to 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    const local = parseConfig({ DISCORD_TOKEN: token, METRICS_PORT: '9464' });
    const everywhere = parseConfig({ DISCORD_TOKEN: token, METRICS_PORT: '0', METRICS_HOST: '0.0.0.0' });
    const off = parseConfig({ DISCORD_TOKEN: token, METRICS_PORT: '', METRICS_HOST: '0.0.0.0' });
    expect(local.ok && local.value.metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(everywhere.ok && everywhere.value.metrics).toEqual({ host: '0.0.0.0', port: 0 });
    expect(off.ok && off.value.metrics).toBeUndefined();
  });

  test('GIVEN DATABASE_URL THEN the store is on Postgres with a pool per process and a statement timeout, defaults unless set', () => {
    const url = 'postgres://tutor:s3cret@db.internal:5432/tutor';
    const plain = parseConfig({ DISCORD_TOKEN: token, DATABASE_URL: url });
    const tuned = parseConfig({ DISCORD_TOKEN: token, DATABASE_URL: url, DATABASE_POOL_SIZE: '4', DATABASE_STATEMENT_TIMEOUT_MS: '2000' });
    expect(plain.ok && plain.value.postgres).toEqual({ url, poolSize: 10, statementTimeoutMs: 5000 });
    expect(tuned.ok && tuned.value.postgres).toEqual({ url, poolSize: 4, statementTimeoutMs: 2000 });
  });

  test('GIVEN a DATABASE_URL that is refused THEN the problem never repeats the URL or its password', () => {
    const parsed = parseConfig({ DISCORD_TOKEN: token, DATABASE_URL: 'mysql://tutor:s3cret@db/tutor' });
    if (parsed.ok) throw new Error('expected problems');
    expect(formatConfigProblems(parsed.error)).not.toContain('s3cret');
  });

  test('GIVEN one configuration problem during deploy THEN it is one line that speaks of deploying, not of starting the bot', () => {
    const parsed = parseConfig({});
    if (parsed.ok) throw new Error('expected problems');
    expect(formatConfigProblems(parsed.error, 'deploy')).toBe(
      'The commands cannot be deployed: DISCORD_TOKEN is not set. Copy .env.example to .env and paste your bot token from the Discord Developer Portal (Bot → Reset Token).',
    );
    expect(formatConfigProblems(parsed.error, 'deploy')).not.toContain('The bot cannot start');
  });

  test('GIVEN a bad token THEN the problem never repeats the token itself', () => {
    const parsed = parseConfig({ DISCORD_TOKEN: 'secret-value-without-dots' });
    if (parsed.ok) throw new Error('expected problems');
    expect(formatConfigProblems(parsed.error)).not.toContain('secret-value-without-dots');
  });

  test.each([
    ['nothing about shards', {}, { role: 'single', shard: { ids: [0], count: 1 } }],
    // discord.js reads SHARDS and SHARD_COUNT itself; a lone bot must not identify as shard [2, 1].
    ["SHARDS=2 and SHARD_COUNT=4 left in a user's .env", { SHARDS: '2', SHARD_COUNT: '4' }, { role: 'single', shard: { ids: [0], count: 1 } }],
    ['BOT_SHARDS=auto', { BOT_SHARDS: 'auto' }, { role: 'manager', count: 'auto' }],
    ['BOT_SHARDS=AUTO', { BOT_SHARDS: 'AUTO' }, { role: 'manager', count: 'auto' }],
    ['BOT_SHARDS=3', { BOT_SHARDS: '3' }, { role: 'manager', count: 3 }],
    ['a process the shard manager started as shard 1 of 3', { BOT_SHARDS: '3', SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '3' }, { role: 'shard', shard: { ids: [1], count: 3 } }],
  ])('GIVEN %s THEN the process runs as %j', (_case, env, sharding) => {
    const parsed = parseConfig({ DISCORD_TOKEN: token, ...env });
    expect(parsed.ok && parsed.value.sharding).toEqual(sharding);
  });
});
