import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/store/sqlite.js';
import type { LocalDiscord } from '../../src/playground/discord/index.js';
import { run, stopGroup } from '../support/processes.js';
import { useTempDir } from '../support/temp.js';
import { migrations } from '../../src/store/migrations/index.js';
import { botEnvironment } from '../support/bot-environment.js';
import { useSpawnedBots } from '../support/spawned-bots.js';

/** This release's schema version: the test follows the migration list. */
const newest = migrations.at(-1)?.version ?? 0;

/**
 * A production install as the README describes it: the repository's files, a build made once,
 * and production dependencies only (`npm prune --omit=dev` of a copy of node_modules stands in
 * for `npm ci --omit=dev`: the same tree, without downloading it again). No TypeScript, no tsx.
 */
const repo = process.cwd();
let install = '';

/** PATH without any node_modules/.bin, so a dev tool installed in this checkout cannot be found by accident. */
const cleanPath = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((entry) => !entry.includes(`node_modules${path.sep}.bin`))
  .join(path.delimiter);

beforeAll(() => {
  // The build a production host makes once; a no-op when dist/ is already fresh.
  execFileSync(process.execPath, ['deploy/build-if-stale.mjs'], { cwd: repo, stdio: 'ignore' });
  install = mkdtempSync(path.join(tmpdir(), 'tutor-prod-'));
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(path.join(repo, file))) continue;
    mkdirSync(path.dirname(path.join(install, file)), { recursive: true });
    cpSync(path.join(repo, file), path.join(install, file));
  }
  cpSync(path.join(repo, 'dist'), path.join(install, 'dist'), { recursive: true });
  // Hard links: quick, and npm prune only unlinks them. The hidden lock file is left out, since
  // npm rewrites it in place (it would rewrite this checkout's); npm rebuilds it from the tree.
  mkdirSync(path.join(install, 'node_modules'));
  for (const entry of readdirSync(path.join(repo, 'node_modules'))) {
    if (entry === '.package-lock.json') continue;
    execFileSync('cp', ['-al', path.join(repo, 'node_modules', entry), path.join(install, 'node_modules', entry)]);
  }
  execFileSync('npm', ['prune', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: install,
    stdio: 'ignore',
    env: { PATH: cleanPath, HOME: process.env.HOME ?? '' },
  });
}, 120_000);

afterAll(() => {
  if (install) rmSync(install, { recursive: true, force: true });
});

const tempDir = useTempDir();
const { startFake, track } = useSpawnedBots();

/** `npm <args>` in the production install, with only the variables given (and a PATH without dev tools). */
function npm(args: string[], env: Record<string, string>) {
  const spawned = run('npm', args, { ...env, PATH: cleanPath }, { cwd: install });
  track(spawned);
  return spawned;
}

const environment = (fake: LocalDiscord, overrides: Record<string, string> = {}) =>
  botEnvironment(fake, path.join(tempDir(), 'data', 'tutor.db'), overrides);

describe('a production install: npm ci --omit=dev after one build', () => {
  test('GIVEN the pruned install THEN no dev tool is installed', () => {
    expect(existsSync(path.join(install, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(path.join(install, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(path.join(install, 'node_modules', 'discord.js'))).toBe(true);
    expect(existsSync(path.join(repo, 'node_modules', 'typescript'))).toBe(true);
  });

  test('GIVEN a database from the previous release THEN npm start backs it up, upgrades it, answers /lesson, serves /healthz and /metrics, and a live backup copies it', async () => {
    const fake = await startFake();
    const env = environment(fake, { METRICS_PORT: '0' });
    openDatabase(env.DATABASE_PATH, { upToVersion: newest - 1 }).close();

    const bot = npm(['start'], env);
    await bot.waitForOutput(/"msg":"bot ready"/, 60_000);
    expect(bot.output()).not.toMatch(/not found|Building|rebuilding/);
    const before = `${env.DATABASE_PATH}.before-v${newest}`;
    expect(bot.output()).toContain(`backed up the database to ${before} before upgrading it from schema v${newest - 1} to v${newest}`);
    const saved = new Database(before, { readonly: true });
    expect(saved.pragma('user_version', { simple: true })).toBe(newest - 1);
    saved.close();

    const reply = fake.slash({ name: 'lesson', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
    await reply.response();
    expect(reply.message()?.embeds.at(-1)?.footer?.text).toBe('Security · junior · page 1 of 6');

    // Item 7: one info line per interaction, with ISO times and no user content.
    const handled = await bot.waitForOutput(/"msg":"interaction handled"/, 10_000);
    const line = JSON.parse(handled.split('\n').find((text) => text.includes('"interaction handled"')) as string) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, command: 'lesson', outcome: 'ok', durationMs: expect.any(Number) });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(JSON.stringify(line)).not.toContain('oauth-basics');

    const port = /health and metrics on http:\/\/127\.0\.0\.1:(\d+)\/healthz/.exec(bot.output())?.[1];
    expect(port).toBeDefined();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok: gateway connected, database writable\n');
    const scrape = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const metrics = await scrape.text();
    expect(metrics).toContain('tutor_interactions_total{command="lesson",outcome="ok"} 1');
    expect(metrics).toMatch(/tutor_interaction_duration_seconds_count\{command="lesson"\} 1/);
    expect(metrics).toContain('tutor_live_quizzes 0');
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    for (const name of ['tutor_quiz_answers_total', 'tutor_discord_rest_429_total', 'tutor_gateway_reconnects_total', 'tutor_database_busy_total']) {
      expect(metrics).toContain(`# TYPE ${name} counter`);
    }

    const copy = path.join(tempDir(), 'backup', 'tutor-copy.db');
    const backup = npm(['run', '-s', 'backup', '--', copy], { DATABASE_PATH: env.DATABASE_PATH });
    expect(await backup.exited).toBe(0);
    expect(backup.output()).toContain(`Backed up ${env.DATABASE_PATH} (schema v${newest},`);
    const restored = new Database(copy, { readonly: true });
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(restored.prepare('SELECT COUNT(*) AS n FROM lesson_progress').get()).toEqual({ n: 1 });
    restored.close();

    stopGroup(bot, 'SIGTERM');
    await bot.exited;
    expect(bot.output()).toContain('"msg":"shutting down"');
    expect(bot.output()).not.toContain(fake.token);
  }, 90_000);

  test('GIVEN the pruned install THEN npm run deploy registers the commands and prints the invite links', async () => {
    const fake = await startFake();
    const deploy = npm(['run', '-s', 'deploy'], environment(fake, { DISCORD_GUILD_ID: fake.guildId }));
    expect(await deploy.exited).toBe(0);
    expect(deploy.output()).toContain(`Registered 11 commands in server ${fake.guildId}`);
    expect(deploy.output()).toContain(`Invite the bot to a server: https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=84992`);
    expect(deploy.output()).toContain(`invite it with Manage Messages instead: https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=93184`);
    expect(deploy.output()).not.toContain(fake.token);
  });

  test('GIVEN a production install that was never built THEN npm start says to build first, in one line', async () => {
    const fake = await startFake();
    rmSync(path.join(install, 'dist'), { recursive: true, force: true });
    const start = npm(['run', '-s', 'start'], environment(fake));
    expect(await start.exited).toBe(1);
    expect(start.output().trim()).toBe(
      'dist/ is missing and TypeScript is not installed here (a production install). Build first: npm ci && npm run build && npm prune --omit=dev (README, "Running in production").',
    );
  });
});
