import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { run, stopGroup, type Spawned } from '../support/processes.js';
import { useTempDir } from '../support/temp.js';

beforeAll(() => {
  execFileSync(process.execPath, ['deploy/build-if-stale.mjs'], { stdio: 'ignore' });
}, 120_000);

const tempDir = useTempDir();
const started: Spawned[] = [];
afterEach(async () => {
  for (const spawned of started.splice(0)) {
    stopGroup(spawned, 'SIGKILL');
    await spawned.exited;
  }
});

/** A content folder with one lesson, so start-up does not parse the whole catalogue. */
function smallContent(dir: string): string {
  const contentDir = path.join(dir, 'content');
  mkdirSync(path.join(contentDir, 'lessons', 'security'), { recursive: true });
  cpSync('content/tracks.yaml', path.join(contentDir, 'tracks.yaml'));
  cpSync('content/lessons/security/oauth-basics.yaml', path.join(contentDir, 'lessons', 'security', 'oauth-basics.yaml'));
  return contentDir;
}

function playgroundEnvironment(overrides: Record<string, string>) {
  const dir = tempDir();
  const databasePath = path.join(dir, 'data', 'playground.db');
  const env = { DISCORD_TOKEN: '', PLAYGROUND_PORT: '0', PLAYGROUND_DATABASE_PATH: databasePath, CONTENT_DIR: smallContent(dir), ...overrides };
  return { env, databasePath };
}

async function startedPlayground(script: string[], env: Record<string, string>) {
  const spawned = run('npm', ['run', '-s', ...script], env);
  started.push(spawned);
  const output = await spawned.waitForOutput(/Open (http:\/\/127\.0\.0\.1:\d+)/, 15_000);
  const url = /Open (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
  return { spawned, url, lines: output.trim().split('\n') };
}

describe('which world npm start runs in', () => {
  test('GIVEN no DISCORD_TOKEN outside production THEN npm start opens the playground, says so first and names DISCORD_TOKEN', async () => {
    const { env, databasePath } = playgroundEnvironment({});
    const { url, lines } = await startedPlayground(['start'], env);
    expect(lines[0]).toMatch(/^Playground mode: no DISCORD_TOKEN is set.*Set DISCORD_TOKEN to connect it to Discord/);
    expect(await (await fetch(`${url}/api/v10/gateway`)).json()).toEqual({ url: url.replace('http', 'ws') });
    expect(existsSync(databasePath)).toBe(true);
  });

  test('GIVEN a DISCORD_TOKEN THEN npm run playground still opens the playground and never prints the token', async () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB';
    const { env } = playgroundEnvironment({ DISCORD_TOKEN: token, DISCORD_API_URL: 'http://127.0.0.1:9/api' });
    const { spawned, lines } = await startedPlayground(['playground'], env);
    expect(lines[0]).toMatch(/^Playground mode \(npm run playground\)/);
    expect(spawned.output()).not.toContain(token);
  });

  test.each([
    { given: 'PLAYGROUND_PORT is not a port', overrides: { PLAYGROUND_PORT: 'eighty' }, line: 'The playground cannot start: PLAYGROUND_PORT must be a port number from 0 to 65535 (0 picks a free one), not eighty.' },
    { given: 'CONTENT_DIR is missing', overrides: { CONTENT_DIR: '/nonexistent-lessons' }, line: 'CONTENT_DIR=/nonexistent-lessons is not a folder: point it at the folder holding tracks.yaml and lessons/ (content by default).' },
    { given: 'PLAYGROUND_DATABASE_PATH cannot be made', overrides: { PLAYGROUND_DATABASE_PATH: '/proc/nope/playground.db' }, line: 'PLAYGROUND_DATABASE_PATH=/proc/nope/playground.db cannot be used: the folder /proc/nope cannot be created (ENOENT). Point PLAYGROUND_DATABASE_PATH at a writable folder, or create it for the bot\'s user.' },
  ] as { given: string; overrides: Record<string, string>; line: string }[])('GIVEN $given THEN the playground says so in one line and exits 1', async ({ overrides, line }) => {
    const { env } = playgroundEnvironment(overrides);
    const spawned = run('npm', ['run', '-s', 'start'], env);
    started.push(spawned);
    expect(await spawned.exited).toBe(1);
    expect(spawned.output().trim().split('\n').slice(1)).toEqual([line]);
  });
});
