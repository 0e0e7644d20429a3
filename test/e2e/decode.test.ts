import type { APIAttachment, APIMessage } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import { encodeRoute } from '../../src/discord/ids.js';
import { useBotHarness, type Harness } from '../support/bot-harness.js';
import { buttonId, componentsOf, embedText } from '../support/discord-messages.js';
import { fake as fakeText } from '../unit/tokens/fake-secrets.js';

const startHarness = useBotHarness();
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const githubToken = `ghp_${fakeText(36)}`;

/** A still-valid ID token (its signature is made up: the bot never verifies one). */
function liveIdToken(now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  const header = base64url({ alg: 'RS256', typ: 'JWT', kid: 'test-key' });
  const payload = base64url({ iss: 'https://accounts.example.com', sub: '10769150350006150715113082367', aud: 'printpic-client', nonce: 'n-0S6_WzA2Mj', iat, exp: iat + 3600, email: 'jane@example.com' });
  return `${header}.${payload}.${Buffer.from('not-a-real-signature').toString('base64url')}`;
}

const decode = (harness: Harness, token: string, user = 'alice') => harness.fake.slash({ name: 'decode', user, options: [{ name: 'token', type: 3, value: token }] });
const everythingSent = (harness: Harness) => JSON.stringify(harness.fake.requests.map((request) => request.body));

describe('/decode', () => {
  test('GIVEN a live ID token pasted with "Bearer " THEN it is decoded privately, with the leak warning first and a way to the lesson', async () => {
    const harness = await startHarness();
    const token = liveIdToken(harness.clock.now());
    const reply = decode(harness, `Authorization: Bearer ${token}`);
    const response = await reply.response();
    expect(response.data?.flags).toBe(64);
    const [warning, decoded] = response.data?.embeds ?? [];
    expect(warning?.title).toBe('🚨 Treat this as leaked: revoke it now');
    expect(warning?.description).toContain('Pasting a credential into Discord is a leak');
    expect(decoded?.title).toBe('🔍 A signed JWT (JWS), decoded');
    expect(decoded?.description).toContain('without checking the signature');
    expect(decoded?.description).toContain('It looks like **an ID token**');
    const text = embedText({ embeds: [decoded!] } as APIMessage);
    expect(text).toContain('`iss` `https://accounts.example.com`');
    expect(text).toMatch(/Expires \(exp\):\*\* <t:\d+:f> \(in (an hour|59 minutes|1 hour)\)/);
    expect((response.data as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });

    const lesson = harness.fake.button({ customId: buttonId(reply.message(), 'Lesson: two tokens, two jobs'), message: reply.message() });
    expect((await lesson.response()).data?.embeds?.[0]?.title).toBe('Two tokens, two jobs');
  });

  test('GIVEN a GitHub token THEN it is named, masked, never decoded, and never echoed in full', async () => {
    const harness = await startHarness();
    const response = await decode(harness, `here is my token: ${githubToken} please help`).response();
    const text = JSON.stringify(response.data);
    expect(response.data?.embeds?.[1]?.title).toMatch(/^🔑 GitHub/);
    expect(text).toContain('ghp_…');
    expect(everythingSent(harness)).not.toContain(githubToken);
  });

  test('GIVEN a hybrid-flow callback URL with a code and an ID token THEN both are explained and the ID token is decoded', async () => {
    const harness = await startHarness();
    const token = liveIdToken(harness.clock.now());
    const response = await decode(harness, `https://client.example.org/callback?code=SplxlOBeZQQYbYS6WxSbIA&id_token=${token}&state=xyz`).response();
    const titles = response.data?.embeds?.map((embed) => embed.title);
    expect(titles).toEqual(['🚨 2 credentials in that text: revoke the live ones now', '🎟️ An authorization code: nothing inside to decode', '🔍 A signed JWT (JWS), decoded']);
    expect(response.data?.embeds?.[1]?.description).toContain('OAuth authorization code');
    expect(response.data?.embeds?.[2]?.description).toContain('From the `id_token` parameter of the URL query');
  });

  test.each([
    ['random words', 'hello there, how are you?', 'I could not find anything shaped like a token'],
    ['an opaque token', 'q8JdLkT0aN5xP2mYc7RzW4vB', 'opaque token'],
    ['a JWT whose header is not JSON', 'bm90IGpzb24.eyJzdWIiOiIxIn0.abc', 'does not decode to JSON'],
  ])('GIVEN %s THEN a short friendly explanation comes back', async (_case, input, words) => {
    const harness = await startHarness();
    const response = await decode(harness, input).response();
    expect(response.data?.flags).toBe(64);
    expect(JSON.stringify(response.data?.embeds)).toContain(words);
  });

  test('GIVEN text with nothing token-shaped THEN there is no leak alarm', async () => {
    const harness = await startHarness();
    const response = await decode(harness, 'hello there, how are you?').response();
    expect(response.data?.embeds?.map((embed) => embed.title)).toEqual(['🤔 Not a token I can decode']);
  });

  test('GIVEN /decode without a token THEN a modal opens, and what is pasted there is decoded', async () => {
    const harness = await startHarness();
    const open = await harness.fake.slash({ name: 'decode' }).response();
    expect(open.type).toBe(9);
    expect(open.data?.title).toBe('Decode a token');
    const submit = harness.fake.modalSubmit({ customId: open.data?.custom_id as string, fields: { token: liveIdToken(harness.clock.now()) } });
    expect((await submit.response()).data?.embeds?.[1]?.title).toBe('🔍 A signed JWT (JWS), decoded');
  });
});

describe('/decode with a file', () => {
  test('GIVEN a 7,000-character token in a text file THEN it is downloaded and decoded', async () => {
    const harness = await startHarness();
    const long = liveIdToken(harness.clock.now()).replace(/\.[^.]+$/, `.${'A'.repeat(7000)}`);
    const file = harness.fake.upload('token.txt', long);
    const reply = harness.fake.slash({ name: 'decode', options: [{ name: 'file', type: 11, value: file.id }], attachments: [file] });
    await reply.response();
    await reply.waitFor((activity) => activity.kind === 'webhook' && activity.method === 'PATCH');
    expect(reply.message()?.embeds[1]?.title).toBe('🔍 A signed JWT (JWS), decoded');
    expect(long.length).toBeGreaterThan(7000);
    expect(harness.fake.downloads).toHaveLength(1);
  });

  test('GIVEN a file over 16 KiB THEN it is refused without being downloaded', async () => {
    const harness = await startHarness();
    const file = harness.fake.upload('huge.txt', 'x'.repeat(20 * 1024));
    const reply = harness.fake.slash({ name: 'decode', options: [{ name: 'file', type: 11, value: file.id }], attachments: [file] });
    await reply.response();
    await reply.waitFor((activity) => activity.kind === 'webhook' && activity.method === 'PATCH');
    expect(reply.message()?.content).toContain('I read at most 16,384 (16 KiB)');
    expect(harness.fake.downloads).toEqual([]);
  });
});

describe('/decode with a file that misbehaves', () => {
  const decodeFile = async (harness: Harness, file: APIAttachment) => {
    const reply = harness.fake.slash({ name: 'decode', options: [{ name: 'file', type: 11, value: file.id }], attachments: [file] });
    await reply.response();
    await reply.waitFor((activity) => activity.kind === 'webhook' && activity.method === 'PATCH');
    return reply.message()?.content ?? '';
  };

  test('GIVEN a file that declares 10 bytes and holds 200 KB THEN it is refused as too large, not decoded', async () => {
    const harness = await startHarness();
    const file = harness.fake.upload('small.txt', liveIdToken(harness.clock.now()) + 'A'.repeat(200_000), undefined, { declaredSize: 10 });
    expect(await decodeFile(harness, file)).toContain('more than 16,384');
  });

  test('GIVEN the CDN redirects the download THEN the redirect is not followed', async () => {
    const harness = await startHarness();
    const target = harness.fake.upload('elsewhere.txt', liveIdToken(harness.clock.now()));
    const file = harness.fake.upload('token.txt', 'unused', undefined, { redirectTo: target.url });
    expect(await decodeFile(harness, file)).toContain('somewhere else');
    expect(harness.fake.downloads).toEqual([new URL(file.url).pathname]);
  });

  test('GIVEN an attachment whose URL is not on the CDN THEN nothing is fetched', async () => {
    const harness = await startHarness();
    const file = { ...harness.fake.upload('token.txt', 'x'), url: 'http://127.0.0.1:9/attachments/token.txt' };
    expect(await decodeFile(harness, file)).toContain('not on Discord');
    expect(harness.fake.downloads).toEqual([]);
  });
});

describe('the "Decode token" message command', () => {
  const labels = (message: APIMessage | undefined) => componentsOf(message).map((component) => component.label);
  const manageMessages = String(1n << 13n);

  test.each([
    ['its author', true, 'bob', undefined],
    ['a member who can manage messages in that channel', true, 'dave', manageMessages],
    ['any other member', false, 'carol', undefined],
  ])('GIVEN a live token in a public message, decoded by %s THEN "Delete that message" is offered: %s', async (_who, offered, user, memberPermissions) => {
    const harness = await startHarness();
    const posted = harness.fake.userMessage({ user: 'bob', content: `oops: ${githubToken}` });
    const lookup = harness.fake.messageCommand({ name: 'Decode token', message: posted, user, ...(memberPermissions ? { memberPermissions } : {}) });
    const answer = await lookup.response();
    expect(answer.data?.flags).toBe(64);
    expect(answer.data?.embeds?.[1]?.title).toMatch(/^🔑 GitHub/);
    expect(labels(lookup.message()).includes('Delete that message')).toBe(offered);
  });

  test('GIVEN the author deletes from the answer THEN the message is gone, and the same button pressed by another member is refused', async () => {
    const harness = await startHarness();
    const { fake } = harness;
    const posted = fake.userMessage({ user: 'bob', content: `oops: ${githubToken}` });
    const lookup = fake.messageCommand({ name: 'Decode token', message: posted, user: 'bob' });
    await lookup.response();
    const byCarol = fake.dispatch(fake.build.button({ customId: buttonId(lookup.message(), 'Delete that message'), user: 'carol' }).payload);
    expect((await byCarol.response()).data?.content).toContain('Only the message’s author or a moderator');
    expect(fake.message(posted.id)).toBeDefined();

    const byBob = fake.button({ customId: buttonId(lookup.message(), 'Delete that message'), message: lookup.message(), user: 'bob' });
    expect((await byBob.response()).data?.content).toContain('Deleted');
    expect(fake.message(posted.id)).toBeUndefined();
  });
});

describe('a forged Delete button', () => {
  test('GIVEN an id naming a message in another channel THEN nothing is deleted, even for a member who wrote it there', async () => {
    const harness = await startHarness({ guilds: [{ channels: ['general', 'staff-only'] }] });
    const { fake } = harness;
    const elsewhere = fake.guild().channels[1]?.id as string;
    const posted = fake.userMessage({ user: 'mallory', channelId: elsewhere, content: 'a message in a channel the click does not come from' });
    const forged = fake.button({ customId: encodeRoute({ kind: 'token.delete', messageId: posted.id }), user: 'mallory' });
    expect((await forged.response()).data?.content).toContain('not in this channel');
    expect(fake.message(posted.id)).toBeDefined();
    expect(fake.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
  });

  test('GIVEN an id naming someone else’s message here THEN a member without Manage Messages is refused', async () => {
    const harness = await startHarness();
    const { fake } = harness;
    const posted = fake.userMessage({ user: 'bob', content: 'an ordinary message' });
    const forged = fake.button({ customId: encodeRoute({ kind: 'token.delete', messageId: posted.id }), user: 'mallory' });
    expect((await forged.response()).data?.content).toContain('Only the message’s author or a moderator');
    expect(fake.message(posted.id)).toBeDefined();
  });
});

describe('the token guard', () => {
  test('GIVEN the guard is not enabled by the owner THEN the bot asks for no message intents', async () => {
    const harness = await startHarness();
    expect(harness.fake.identifies.at(-1)?.intents).toBe(1);
  });

  test('GIVEN warn mode THEN a live token in chat gets a reply that does not repeat it', async () => {
    const harness = await startHarness({ tokenGuard: true });
    await harness.store.updateGuildSettings(harness.fake.guildId, { tokenGuard: 'warn' }, new Date(), 'mod');
    const posted = harness.fake.userMessage({ user: 'bob', content: `my token is ${githubToken}` });
    const reply = await harness.fake.waitForMessage((message) => message.content.includes('your message contains'));
    expect(reply.content).toContain(`<@${harness.fake.user('bob').id}>`);
    expect(reply.content).not.toContain(githubToken);
    expect(harness.fake.message(posted.id)).toBeDefined();
  });

  test('GIVEN a message edited five times THEN it is warned about once, and again only when an edit adds a different live credential', async () => {
    const harness = await startHarness({ tokenGuard: true });
    await harness.store.updateGuildSettings(harness.fake.guildId, { tokenGuard: 'warn' }, new Date(), 'mod');
    const posted = harness.fake.userMessage({ user: 'bob', content: `my token is ${githubToken}` });
    await harness.fake.waitForMessage((message) => message.content.includes('your message contains'));
    for (let edit = 1; edit <= 5; edit++) harness.fake.editUserMessage(posted.id, `my token is ${githubToken} (edit ${edit})`);
    const npmToken = `npm_${fakeText(36)}`;
    harness.fake.editUserMessage(posted.id, `my token is ${githubToken} and ${npmToken}`);
    const second = await harness.fake.waitForMessage((message) => message.content.includes('npm access token'));
    expect(second.content).not.toContain('GitHub');
    const warnings = harness.fake.messages().filter((message) => message.content.includes('your message contains'));
    expect(warnings).toHaveLength(2);
  });

  test('GIVEN delete mode and a moderator log THEN the message is removed, the author told why, and the moderators told', async () => {
    const harness = await startHarness({ tokenGuard: true, guilds: [{ channels: ['general', 'mod-log'] }] });
    const modLog = harness.fake.guild().channels[1]?.id as string;
    await harness.store.updateGuildSettings(harness.fake.guildId, { tokenGuard: 'delete', modLogChannelId: modLog }, new Date(), 'mod');
    const token = liveIdToken(harness.clock.now());
    const posted = harness.fake.userMessage({ user: 'bob', content: `try this ${token}` });
    const notice = await harness.fake.waitForMessage((message) => message.content.includes('I removed your message'));
    expect(notice.content).toContain('live ID token');
    expect(harness.fake.message(posted.id)).toBeUndefined();
    const logged = await harness.fake.waitForMessage((message) => message.channel_id === modLog);
    expect(logged.content).toContain('was deleted');
    expect(everythingSent(harness)).not.toContain(token.split('.')[1]);
  });

  test('GIVEN a whole session of decoding and guarding THEN no pasted token or secret appears in the logs', async () => {
    const harness = await startHarness({ tokenGuard: true });
    await harness.store.updateGuildSettings(harness.fake.guildId, { tokenGuard: 'warn' }, new Date(), 'mod');
    const token = liveIdToken(harness.clock.now());
    await decode(harness, token).response();
    await decode(harness, githubToken).response();
    harness.fake.userMessage({ user: 'bob', content: githubToken });
    await harness.fake.waitForMessage((message) => message.content.includes('your message contains'));
    await vi.waitFor(() => expect(harness.logs()).toContain('token guard acted'));
    const logs = harness.logs();
    expect(logs).toContain('token inspected');
    expect(logs).toContain('token guard acted');
    for (const secret of [token, token.split('.')[1] as string, githubToken, fakeText(36)]) expect(logs).not.toContain(secret);
  });

  test('GIVEN Discord fails the reply with a 5xx THEN the logged error keeps the status but none of the decoded claims', async () => {
    const harness = await startHarness();
    // Every attempt discord.js makes (one and its retries) fails, as in an outage.
    harness.fake.failNext('POST /interactions', 500, 0, 'Internal Server Error', 4);
    const token = liveIdToken(harness.clock.now());
    decode(harness, `${token}\n${githubToken}`);
    await vi.waitFor(() => expect(harness.logs()).toContain('interaction failed'), { timeout: 15_000 });
    const failure = harness.logs().split('\n').find((line) => line.includes('interaction failed')) ?? '';
    expect(failure).toContain('500');
    for (const decoded of ['jane@example.com', '10769150350006150715113082367', 'ghp_', token.split('.')[1] as string]) expect(harness.logs()).not.toContain(decoded);
  });
});
