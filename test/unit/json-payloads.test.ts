import { EmbedBuilder, MessageFlags, MessagePayload, Options, type BaseInteraction } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { latin1Json, readyBodyJson, readyPayload, readyTextPayload, sendAsShaped } from '../../src/discord/json-payloads.js';

const discordJs = Options.createDefault().jsonTransformer as (value: unknown) => unknown;

describe('payloads sent as they are when already in Discord shape', () => {
  test.each([
    ['an embed in API shape', { title: 'T', footer: { text: 'f' }, fields: [{ name: 'n', value: 'v', inline: false }] }],
    ['a button row with an emoji object', { type: 1, components: [{ type: 2, custom_id: 'x', emoji: { name: '▶️' }, disabled: false }] }],
    ['a camelCase embed', { title: 'T', footer: { text: 'f', iconURL: 'https://example.com/a.png' } }],
    ['a button with an emoji string', { type: 2, customId: 'x', emoji: '▶️' }],
    ['a key with a digit', { base64: 'x', nested: [{ aB: 1 }] }],
    ['a builder', new EmbedBuilder({ title: 'T' })],
    ['a key with a leading underscore', { _id: 1 }],
  ])('GIVEN %s THEN the body sent is what discord.js would send', (_label, payload) => {
    expect(JSON.parse(JSON.stringify(sendAsShaped(payload)))).toEqual(JSON.parse(JSON.stringify(discordJs(payload))));
  });

  test('GIVEN a payload in API shape THEN it is passed on without being copied', () => {
    const view = Object.freeze({ title: 'T', fields: Object.freeze([Object.freeze({ name: 'n', value: 'v' })]) });
    expect(sendAsShaped(view)).toBe(view);
    expect(sendAsShaped(view)).toBe(view);
  });

  test('GIVEN a camelCase key THEN a snake_case copy is sent', () => {
    expect(sendAsShaped({ customId: 'x' })).toEqual({ custom_id: 'x' });
  });

  test('GIVEN a mutable payload checked once and then changed THEN the change is still converted', () => {
    const inner: Record<string, unknown> = { text: 'f' };
    const embed = Object.freeze({ footer: inner });
    expect(sendAsShaped(embed)).toBe(embed);
    inner.iconURL = 'https://example.com/a.png';
    expect(sendAsShaped(embed)).toEqual({ footer: { text: 'f', icon_url: 'https://example.com/a.png' } });
  });
});

describe('ready-made reply payloads', () => {
  const message = {
    embeds: [{ title: 'Page', description: 'Text', footer: { text: 'page 1 of 2' }, fields: [{ name: 'n', value: 'v' }] }],
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Next', emoji: { name: '▶️' }, custom_id: 'v1|x' }] }],
  } as const;
  const replier = (allowedMentions: unknown) => ({ client: { options: { allowedMentions, jsonTransformer: sendAsShaped, enforceNonce: false } } }) as unknown as BaseInteraction;
  const asSent = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  test.each([
    ['a private reply with no mentions', MessageFlags.Ephemeral, { parse: [] }],
    ['a public reply', undefined, { parse: [] }],
    ['a client that pings replied users', undefined, { parse: ['users'], repliedUser: true }],
    ['a client with no mention defaults', MessageFlags.Ephemeral, undefined],
  ])('GIVEN %s THEN the body sent is the one discord.js would build', (_label, flags, allowedMentions) => {
    const target = replier(allowedMentions);
    const built = MessagePayload.create(target as never, { ...message, flags } as never).resolveBody().body;
    expect(asSent(readyPayload(target, message as never, flags).body)).toEqual(asSent(built));
  });

  test.each([
    ['a private answer with no mentions', '🔒 Locked in: B. An access token', MessageFlags.Ephemeral, { parse: [] }],
    ['a public text', 'You already answered (A. <@123>).', undefined, { parse: [] }],
    ['a client that pings replied users', 'Text', MessageFlags.Ephemeral, { parse: ['users'], repliedUser: true }],
    ['a client with no mention defaults', 'Text', MessageFlags.Ephemeral, undefined],
  ])('GIVEN %s as ready text THEN the body sent is the one discord.js would build, and its options stay for an edit', (_label, content, flags, allowedMentions) => {
    const target = replier(allowedMentions);
    const built = MessagePayload.create(target as never, { content, flags } as never).resolveBody().body;
    const ready = readyTextPayload(target, content, flags);
    expect(asSent(ready.body)).toEqual(asSent(built));
    expect(ready.resolveBody().body).toBe(ready.body);
    expect(ready.options).toEqual({ content, flags });
  });

  test('GIVEN a ready payload THEN discord.js resolves it to the body it carries, and keeps its options for an edit', async () => {
    const payload = readyPayload(replier({ parse: [] }), message as never, MessageFlags.Ephemeral);
    const body = payload.body;
    const resolved = await payload.resolveBody().resolveFiles();
    expect(resolved.body).toBe(body);
    expect(resolved.files).toEqual([]);
    expect(payload.options).toMatchObject({ embeds: message.embeds, components: message.components, flags: MessageFlags.Ephemeral });
  });

  test.each([
    ['a private page', MessageFlags.Ephemeral, { parse: [] }],
    ['a public page', undefined, { parse: [] }],
    ['a client that pings replied users', undefined, { parse: ['users'], repliedUser: true }],
    ['a client with no mention defaults', MessageFlags.Ephemeral, undefined],
  ])('GIVEN %s made once as JSON THEN Discord reads the body discord.js would send, in one-byte text', (_label, flags, allowedMentions) => {
    const target = replier(allowedMentions);
    const frozen = Object.freeze({ embeds: Object.freeze([...message.embeds]), components: Object.freeze([...message.components]) });
    const json = readyBodyJson(target, frozen as never, flags);
    expect(JSON.parse(json)).toEqual(asSent(readyPayload(target, frozen as never, flags).body));
    expect(json).toMatch(/^[\x00-\xff]*$/);
    expect(readyBodyJson(target, frozen as never, flags)).toBe(json);
  });

  test.each([['an emoji', '▶️ 📝'], ['typographic punctuation', 'It’s “here” — now…'], ['a backslash and quotes', 'a\\b "c"']])(
    'GIVEN text with %s THEN its Latin-1 JSON reads back as the same text',
    (_label, text) => {
      expect(JSON.parse(latin1Json({ text }))).toEqual({ text });
    },
  );
});
