import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { LocalDiscord } from '../../src/playground/discord/index.js';
import { run, stopGroup, type Spawned } from '../support/processes.js';
import { useTempDir } from '../support/temp.js';
import { migrations } from '../../src/store/migrations/index.js';
import { botEnvironment } from '../support/bot-environment.js';

/**
 * Every way the bot can fail to start is one line naming the variable or file and what to do,
 * exit code 1. A Discord that never answers is bounded by the bot's own 10 s deadline, which
 * the message names; wall time is never asserted (shared machines), a hang fails on the test timeout.
 */
beforeAll(() => {
  execFileSync(process.execPath, ['deploy/build-if-stale.mjs'], { stdio: 'ignore' });
}, 120_000);

const tempDir = useTempDir();
const started: Spawned[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const spawned of started.splice(0)) {
    stopGroup(spawned, 'SIGKILL');
    await spawned.exited;
  }
  for (const close of closers.splice(0)) await close();
});

async function startFake() {
  const fake = await LocalDiscord.start();
  closers.push(() => fake.close());
  return fake;
}

/** A server that accepts connections and never says a word: a hung proxy or API. */
async function silentServer(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}/api`;
}

const environment = (apiUrl: string, token: string, overrides: Record<string, string> = {}) =>
  botEnvironment({ apiUrl, token }, path.join(tempDir(), 'data', 'tutor.db'), overrides);

const someToken = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB';

async function failure(script: 'start' | 'deploy', env: Record<string, string>) {
  const spawned = run('npm', ['run', '-s', script], env);
  started.push(spawned);
  const code = await spawned.exited;
  return { code, lines: spawned.output().trim().split('\n'), output: spawned.output() };
}

describe('npm start: start-up failures are one line and exit 1', () => {
  test('GIVEN DATABASE_PATH under a file THEN it names the file in one line', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'a file, not a folder');
    const databasePath = path.join(dir, 'notes.txt', 'tutor.db');
    const result = await failure('start', environment('http://127.0.0.1:9/api', someToken, { DATABASE_PATH: databasePath }));
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([`DATABASE_PATH=${databasePath} cannot be used: ${path.join(dir, 'notes.txt')} is a file, not a folder. Point DATABASE_PATH at a file inside a folder (for example data/tutor.db).`]);
  });

  test('GIVEN DATABASE_PATH in a folder that cannot be created (/proc/nope) THEN it says so in one line', async () => {
    const result = await failure('start', environment('http://127.0.0.1:9/api', someToken, { DATABASE_PATH: '/proc/nope/tutor.db' }));
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      "DATABASE_PATH=/proc/nope/tutor.db cannot be used: the folder /proc/nope cannot be created (ENOENT). Point DATABASE_PATH at a writable folder, or create it for the bot's user.",
    ]);
  });

  test('GIVEN DATABASE_PATH naming a folder THEN it says to point at a file inside it', async () => {
    const dir = tempDir();
    const result = await failure('start', environment('http://127.0.0.1:9/api', someToken, { DATABASE_PATH: dir }));
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([`DATABASE_PATH=${dir} is a folder; point it at a file inside it (for example ${path.join(dir, 'tutor.db')}).`]);
  });

  test('GIVEN a database from a newer release THEN one line says so, with no stack trace, and the file is untouched', async () => {
    const databasePath = path.join(tempDir(), 'tutor.db');
    const db = new Database(databasePath);
    db.pragma('user_version = 99');
    db.close();
    const result = await failure('start', environment('http://127.0.0.1:9/api', someToken, { DATABASE_PATH: databasePath }));
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([`DATABASE_PATH=${databasePath} is at schema version 99, newer than this release knows (${migrations.at(-1)?.version}). Run the newer release again.`]);
    const after = new Database(databasePath, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    after.close();
  });

  test('GIVEN a DATABASE_URL whose server does not answer THEN one line names DATABASE_URL and its password is printed nowhere', async () => {
    const password = 'Sup3r-S3cret-pw';
    const result = await failure('start', environment('http://127.0.0.1:9/api', someToken, { DATABASE_URL: `postgres://tutor:${password}@127.0.0.1:1/tutor`, LOG_LEVEL: 'debug' }));
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toMatch(/^DATABASE_URL could not be used \(.*ECONNREFUSED.*\)\. Check the server, the database name and the credentials\.$/);
    expect(result.output).not.toContain(password);
  });

  test('GIVEN METRICS_PORT already in use THEN one line names METRICS_PORT', async () => {
    const fake = await startFake();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => busy.close(() => resolve())));
    const port = (busy.address() as { port: number }).port;
    const result = await failure('start', environment(fake.apiUrl, fake.token, { METRICS_PORT: String(port) }));
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toBe(`METRICS_PORT=${port} on 127.0.0.1 cannot be used (EADDRINUSE): pick a free port, or unset METRICS_PORT to turn the listener off.`);
    expect(result.output).not.toMatch(/^\s+at /m);
  });

  test('GIVEN NODE_ENV=production and no token THEN one line names DISCORD_TOKEN (never a playground)', async () => {
    const result = await failure('start', environment('http://127.0.0.1:9/api', '', { NODE_ENV: 'production' }));
    expect(result.code).toBe(1);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(/^The bot cannot start: DISCORD_TOKEN is not set\. /);
  });

  test('GIVEN a token Discord rejects THEN one line says so, without the token', async () => {
    const fake = await startFake();
    const wrongToken = 'd3JvbmctdG9rZW4.abcdef.wrong-token-for-this-test';
    const result = await failure('start', environment(fake.apiUrl, wrongToken));
    expect(result.code).toBe(1);
    expect(result.lines.filter((line) => !line.startsWith('{'))).toEqual([
      'Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and paste the new one into .env.',
    ]);
    expect(result.output).not.toContain(wrongToken);
  });

  test('GIVEN an API that accepts the connection and never answers THEN start fails saying so', async () => {
    const apiUrl = await silentServer();
    const result = await failure('start', environment(apiUrl, someToken));
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toBe(
      `Discord at ${apiUrl} accepted the connection but did not answer within 10 s. Discord may be having trouble (https://discordstatus.com); check your network or proxy, or DISCORD_API_URL if you set it, then try again.`,
    );
    expect(result.lines.filter((line) => !line.startsWith('{'))).toHaveLength(1);
  }, 30_000);
});

describe('npm run deploy: failures are its own, in one line', () => {
  test('GIVEN an API that accepts the connection and never answers THEN deploy fails saying so', async () => {
    const apiUrl = await silentServer();
    const result = await failure('deploy', environment(apiUrl, someToken));
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      `Discord at ${apiUrl} accepted the connection but did not answer within 10 s. Discord may be having trouble (https://discordstatus.com); check your network or proxy, or DISCORD_API_URL if you set it, then try again.`,
    ]);
    expect(result.output).not.toContain('This operation was aborted');
  }, 30_000);

  test('GIVEN no token THEN deploy names DISCORD_TOKEN and never says the bot cannot start', async () => {
    const result = await failure('deploy', environment('http://127.0.0.1:9/api', ''));
    expect(result.code).toBe(1);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(/^The commands cannot be deployed: DISCORD_TOKEN is not set\. /);
    expect(result.output).not.toMatch(/bot cannot start|bot could not start/);
  });

  test('GIVEN Discord fails in an unexpected way THEN deploy says the commands could not be deployed', async () => {
    const fake = await startFake();
    fake.failNext(/applications\/.*\/commands/, 400, 50035, 'Invalid Form Body');
    const result = await failure('deploy', environment(fake.apiUrl, fake.token, { DISCORD_GUILD_ID: fake.guildId }));
    expect(result.code).toBe(1);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(/^The commands could not be deployed: /);
  });
});
