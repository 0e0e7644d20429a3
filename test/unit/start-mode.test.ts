import { describe, expect, test } from 'vitest';
import { startMode } from '../../src/start-mode.js';

describe('which world npm start runs in', () => {
  test.each([
    { given: 'no token, development', env: {}, argv: [], mode: 'playground' },
    { given: 'a blank token line in .env', env: { DISCORD_TOKEN: '  ' }, argv: [], mode: 'playground' },
    { given: 'a token', env: { DISCORD_TOKEN: 'a.b.c' }, argv: [], mode: 'discord' },
    { given: 'production without a token (fails on the missing token, never a playground)', env: { NODE_ENV: 'production' }, argv: [], mode: 'discord' },
    { given: 'npm run playground with a token', env: { DISCORD_TOKEN: 'a.b.c' }, argv: ['--playground'], mode: 'playground' },
    { given: 'npm run playground in production', env: { NODE_ENV: 'production' }, argv: ['--playground'], mode: 'playground' },
  ] as const)('GIVEN $given THEN $mode', ({ env, argv, mode }) => {
    expect(startMode(env, argv)).toBe(mode);
  });
});
