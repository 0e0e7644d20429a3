import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const unit = readFileSync('deploy/tutor-bot.service', 'utf8');
const lines = unit.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
const hasVerify = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('deploy/tutor-bot.service', () => {
  test('GIVEN the unit THEN it restarts on failure, as its own user, with its data directory and environment file', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        'Restart=on-failure',
        'User=tutor-bot',
        'StateDirectory=tutor-bot',
        'Environment=DATABASE_PATH=/var/lib/tutor-bot/tutor.db',
        'EnvironmentFile=/etc/tutor-bot/env',
        'WorkingDirectory=/opt/tutor-bot',
      ]),
    );
    // It runs what `npm start` runs, without npm: the built entry point.
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toBe('node --max-semi-space-size=8 dist/src/main.js');
    expect(lines).toContain('ExecStart=/usr/bin/node --max-semi-space-size=8 dist/src/main.js');
  });

  test.skipIf(!hasVerify)('GIVEN systemd-analyze THEN verify finds nothing to say about it', () => {
    const result = spawnSync('systemd-analyze', ['verify', 'deploy/tutor-bot.service'], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});
