import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);

describe('the process-wide guard', () => {
  test('GIVEN an unhandled rejection and an uncaught throw in a timer THEN both are logged and the process keeps running', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/support/scripts/unhandled-failures.ts'], { timeout: 30_000 });
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('still serving');
    const logged = lines.slice(0, -1).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged.map((entry) => entry.msg)).toEqual([
      'unhandled promise rejection; the bot keeps running',
      'uncaught exception; the bot keeps running',
    ]);
    expect(logged.every((entry) => entry.level === 50)).toBe(true);
  });
});
