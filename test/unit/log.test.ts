import { PassThrough } from 'node:stream';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { createLogger, logInteraction } from '../../src/log.js';

const botToken = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB';

function captured() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const log = createLogger({ level: 'trace', secrets: [botToken], destination: stream });
  return { log, text: () => text };
}

describe('log output', () => {
  test('GIVEN any line THEN its time is an ISO 8601 UTC timestamp', () => {
    const { log, text } = captured();
    log.info('hello');
    const line = JSON.parse(text()) as { time: unknown };
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('GIVEN the bot token anywhere in a log call THEN it never reaches the output', () => {
    const { log, text } = captured();
    log.info({ token: botToken }, 'token as a field');
    log.info({ headers: { authorization: `Bot ${botToken}` } }, 'token as a header');
    log.info(`token in a message: ${botToken}`);
    log.error({ err: new Error(`request failed with ${botToken}`) }, 'token in an error');
    log.info({ nested: { deeper: { value: `prefix-${botToken}-suffix` } } }, 'token deep inside');
    expect(text()).not.toContain(botToken);
    expect(text().match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
  });

  test('GIVEN an interaction or webhook URL THEN its token part is blanked but the ids stay', () => {
    const { log, text } = captured();
    const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA';
    log.warn({ url: `https://discord.com/api/v10/interactions/123456789012345678/${interactionToken}/callback` }, 'callback failed');
    log.warn(`PATCH /api/v10/webhooks/234567890123456789/${interactionToken}/messages/@original`);
    expect(text()).not.toContain(interactionToken);
    expect(text()).toContain('/interactions/123456789012345678/[redacted]/callback');
    expect(text()).toContain('/webhooks/234567890123456789/[redacted]/messages');
  });

  test('GIVEN an interaction logger THEN each line carries the interaction, guild, user and command', () => {
    const { log, text } = captured();
    log.child({ interactionId: '1', guildId: '2', userId: '3', command: 'lesson' }).info('handled');
    expect(JSON.parse(text())).toMatchObject({ interactionId: '1', guildId: '2', userId: '3', command: 'lesson', msg: 'handled' });
  });

  const claim = 'jane.secret-claim@example.com';
  const body = { files: [], body: { type: 4, data: { embeds: [{ description: `email ${claim}`, fields: [{ name: 'gh', value: 'ghp_…x7Qa' }] }] } } };

  test.each([
    ['a 5xx HTTPError', () => new HTTPError(503, 'Service Unavailable', 'POST', 'https://discord.com/api/v10/interactions/1/t/callback', body), 503],
    ['a DiscordAPIError', () => new DiscordAPIError({ message: 'Invalid Form Body', code: 50035 }, 50035, 400, 'PATCH', 'https://discord.com/api/v10/webhooks/1/t/messages/@original', body), 400],
    ['an error holding another one', () => Object.assign(new Error('reply failed'), { failure: new HTTPError(500, 'Internal Server Error', 'POST', '/x', body) }), 500],
  ])('GIVEN %s, with the reply it tried to send THEN the log keeps the status and drops the body', (_case, make, status) => {
    const { log, text } = captured();
    log.error({ err: make() }, 'interaction failed');
    expect(text()).not.toContain(claim);
    expect(text()).not.toContain('ghp_');
    expect(text()).toContain(String(status));
    expect(text()).toContain('[removed: user content]');
  });

  test.each([
    ['info', 'info', 1],
    ['info', 'debug', 0],
    ['warn', 'info', 0],
    ['debug', 'debug', 1],
  ] as const)('GIVEN a logger at %s and the interaction line at %s THEN %i line is written', (loggerLevel, lineLevel, lines) => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const log = createLogger({ level: loggerLevel, secrets: [], destination: stream });
    logInteraction(log, lineLevel, { interactionId: '1', guildId: '2', userId: '3', command: 'lesson' }, 'ok', 4);
    expect(text.split('\n').filter(Boolean)).toHaveLength(lines);
  });

  test.each([
    ['the main logger', 'info', (log: ReturnType<typeof createLogger>) => log],
    ["a shard's logger", 'info', (log: ReturnType<typeof createLogger>) => log.child({ shard: 1 })],
    ['a debug line with a quote in the command', 'debug', (log: ReturnType<typeof createLogger>) => log],
  ] as const)('GIVEN %s THEN the interaction line is the line pino itself writes, time aside', (_label, level, loggerOf) => {
    const { log, text } = captured();
    const logger = loggerOf(log);
    const fields = { interactionId: '1200000000000000001', guildId: '1200000000000000002', userId: '1200000000000000003', command: level === 'debug' ? 'a "b"' : 'lesson.page' };
    logInteraction(logger, level, fields, 'ok', 7);
    logger[level]({ ...fields, outcome: 'ok', durationMs: 7 }, 'interaction handled');
    const [ours, pinos] = text().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(ours?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(ours?.time as string) - Date.parse(pinos?.time as string))).toBeLessThan(1_000);
    expect(Object.keys(ours ?? {})).toEqual(Object.keys(pinos ?? {}));
    expect({ ...ours, time: undefined }).toEqual({ ...pinos, time: undefined });
  });

  test('GIVEN the interaction line THEN it has its fields and level, and the written text is still scrubbed', () => {
    const { log, text } = captured();
    logInteraction(log, 'info', { interactionId: '1', guildId: null, userId: '3', command: `lesson ${botToken}` }, 'ok', 4);
    expect(JSON.parse(text())).toMatchObject({ level: 30, msg: 'interaction handled', interactionId: '1', guildId: null, userId: '3', outcome: 'ok', durationMs: 4, app: 'tutor-bot' });
    expect(text()).not.toContain(botToken);
  });
});
