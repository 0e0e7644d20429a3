import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LocalDiscord } from '../../src/playground/discord/index.js';
import { run, stopGroup } from '../support/processes.js';
import { useTempDir } from '../support/temp.js';
import { botEnvironment } from '../support/bot-environment.js';
import { useSpawnedBots } from '../support/spawned-bots.js';

const tempDir = useTempDir();
const { startFake, track } = useSpawnedBots();

function npm(args: string[], env: Record<string, string>) {
  const spawned = run('npm', args, env);
  track(spawned);
  return spawned;
}

const environment = (fake: LocalDiscord, overrides: Record<string, string> = {}) =>
  botEnvironment(fake, path.join(tempDir(), 'data', 'tutor.db'), overrides);

describe('npm run deploy', () => {
  test('GIVEN a server id THEN the commands are bulk-overwritten in that server and listed', async () => {
    const fake = await startFake();
    const deploy = npm(['run', '-s', 'deploy'], environment(fake, { DISCORD_GUILD_ID: fake.guildId }));
    expect(await deploy.exited).toBe(0);
    expect(deploy.output()).toContain(`Registered 11 commands in server ${fake.guildId} (available at once): /lesson, /lessons, /quiz, /review, /progress, /leaderboard, /rank, /decode, “Decode token” (message menu), /config, /help`);
    const registered = fake.registeredCommands(fake.guildId);
    expect(registered.map((command) => command.name)).toEqual(['lesson', 'lessons', 'quiz', 'review', 'progress', 'leaderboard', 'rank', 'decode', 'Decode token', 'config', 'help']);
    expect(registered[0]?.options?.[0]).toMatchObject({ name: 'topic', autocomplete: true, required: true });
    expect(registered.find((command) => command.name === 'config')?.default_member_permissions).toBe('32');
    expect(fake.registeredCommands()).toEqual([]);
  });

  test('GIVEN no server id THEN the commands are registered globally', async () => {
    const fake = await startFake();
    const deploy = npm(['run', '-s', 'deploy'], environment(fake));
    expect(await deploy.exited).toBe(0);
    expect(deploy.output()).toContain('Registered 11 commands globally, for every server');
    expect(fake.registeredCommands().map((command) => command.name)).toEqual(['lesson', 'lessons', 'quiz', 'review', 'progress', 'leaderboard', 'rank', 'decode', 'Decode token', 'config', 'help']);
  });

  test('GIVEN a token Discord rejects THEN deploy says so in one line and exits 1 without echoing the token', async () => {
    const fake = await startFake();
    const wrongToken = 'd3JvbmctdG9rZW4.abcdef.wrong-token-for-this-test';
    const deploy = npm(['run', '-s', 'deploy'], environment(fake, { DISCORD_TOKEN: wrongToken }));
    expect(await deploy.exited).toBe(1);
    expect(deploy.output()).toContain('Discord rejected DISCORD_TOKEN');
    expect(deploy.output()).not.toContain(wrongToken);
    expect(deploy.output()).not.toMatch(/^\s+at /m);
  });
});

describe('npm start, as a user runs it', () => {
  test('GIVEN production and no token THEN it names DISCORD_TOKEN, exits 1 and shows no stack trace', async () => {
    const fake = await startFake();
    const start = npm(['start'], environment(fake, { DISCORD_TOKEN: '', NODE_ENV: 'production' }));
    expect(await start.exited).toBe(1);
    expect(start.output()).toContain('DISCORD_TOKEN is not set');
    expect(start.output()).not.toMatch(/^\s+at /m);
  });

  test('GIVEN the fake Discord THEN the bot logs in, answers /lesson, keeps the token out of its output and stops cleanly', async () => {
    const fake = await startFake();
    const bot = npm(['start'], environment(fake));
    await bot.waitForOutput(/"msg":"bot ready"/, 90_000);

    const reply = fake.slash({ name: 'lesson', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
    await reply.response();
    expect(reply.message()?.embeds.at(-1)?.footer?.text).toBe('Security · junior · page 1 of 6');

    stopGroup(bot, 'SIGTERM');
    await bot.exited;
    expect(bot.output()).toContain('"msg":"shutting down"');
    expect(bot.output()).not.toContain(fake.token);
  }, 120_000);
});
