import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { commands } from '../../commands/index.js';
import { createLogger } from '../../src/log.js';
import { discordReminderTransport } from '../../src/discord/reminders.js';
import { startPlayground, type RunningPlayground } from '../../src/playground/start.js';
import { PageClient } from '../support/playground-page.js';
import { fake as fakeText } from '../unit/tokens/fake-secrets.js';

const lessonFile = (contentDir: string) => path.join(contentDir, 'lessons', 'security', 'oauth-basics.yaml');
const originalTitle = 'What OAuth is and why passwords are not the answer';

/** A JWT as a member would paste it: header and claims, any signature. */
const jwt = [{ alg: 'HS256', typ: 'JWT' }, { sub: '42', name: 'Ada', exp: 4_102_444_800 }]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .concat('c2lnbmF0dXJl')
  .join('.');

function buttonLabelled(components: unknown, label: RegExp): string {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const node = value as Record<string, unknown>;
      if (node['type'] === 2 && typeof node['label'] === 'string' && label.test(node['label']) && typeof node['custom_id'] === 'string') found.push(node['custom_id']);
      Object.values(node).forEach(walk);
    }
  };
  walk(components);
  if (!found[0]) throw new Error(`no button labelled ${label}`);
  return found[0];
}

describe('the playground, driven over its WebSocket as the page drives it', () => {
  // One playground for the whole file: starting the bot is the slow part, and the tests read different things.
  const root = mkdtempSync(path.join(tmpdir(), 'tutor-playground-'));
  let playground: RunningPlayground;
  let contentDir: string;
  let alex: PageClient;
  let sam: PageClient;
  let morgan: PageClient;

  beforeAll(async () => {
    contentDir = path.join(root, 'content');
    mkdirSync(path.dirname(lessonFile(contentDir)), { recursive: true });
    cpSync('content/tracks.yaml', path.join(contentDir, 'tracks.yaml'));
    cpSync(lessonFile('content'), lessonFile(contentDir));
    playground = await startPlayground({
      port: 0,
      contentDir,
      databasePath: path.join(root, 'playground.db'),
      pageDir: path.join(root, 'no-page-here'),
      commands,
      log: createLogger({ level: 'silent', secrets: [] }),
      watchContent: true,
    });
    [alex, sam, morgan] = await Promise.all([PageClient.open(playground.url), PageClient.open(playground.url), PageClient.open(playground.url)]);
  });

  afterAll(async () => {
    for (const page of [alex, sam, morgan]) page?.close();
    await playground?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('GIVEN a fresh playground THEN the snapshot has the four channels, the simulated members and the registered commands', () => {
    const { snapshot } = alex;
    expect(snapshot.channels.filter((channel) => channel.kind === 'text').map((channel) => channel.name)).toEqual(['general', 'quiz-arena', 'bot-commands', 'mod-log']);
    expect(snapshot.members.map((member) => [member.user.username, member.label])).toEqual([
      ['morgan', 'moderator'],
      ['quinn', 'quiz host'],
      ['alex', 'member'],
      ['sam', 'member'],
    ]);
    expect(snapshot.channels.filter((channel) => channel.kind === 'dm').map((channel) => channel.recipientId)).toEqual(snapshot.members.map((member) => member.user.id));
    expect(snapshot.commands.map((command) => command.name)).toEqual(expect.arrayContaining(['lesson', 'quiz', 'decode', 'config']));
    expect(snapshot.lessonIndex).toEqual([expect.objectContaining({ id: 'oauth-basics', title: originalTitle })]);
  });

  test('GIVEN one port THEN it serves the page (a "not built" page here), the Discord API and the WebSocket together', async () => {
    const page = await fetch(playground.url);
    expect(await page.text()).toContain('npm run build');
    const gateway = await fetch(`${playground.url}/api/v10/gateway`);
    expect(await gateway.json()).toEqual({ url: `ws://127.0.0.1:${playground.port}` });
  });

  test('GIVEN a web page from another site THEN it cannot open the playground’s WebSocket', async () => {
    const foreign = new WebSocket(`${playground.url.replace('http', 'ws')}/ws`, { origin: 'https://example.com' });
    const status = await new Promise<number | undefined>((resolve) => foreign.once('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(403);
    foreign.on('error', () => undefined);
    foreign.terminate();
  });

  test('GIVEN Alex shares /lesson THEN every page gets the message for everyone, marked as Alex’s command', async () => {
    const asMember = alex.memberId('alex');
    alex.send({ type: 'slash', asMember, channelId: alex.channelId('general'), name: 'lesson', options: [{ name: 'topic', value: 'oauth-basics' }, { name: 'share', value: true }] });
    const seen = await sam.next('message', (frame) => frame.message.invokedBy?.userId === asMember && !frame.message.loading);
    expect(seen.message.visibleTo).toBeNull();
    expect(seen.message.invokedBy?.commandName).toBe('lesson');
    expect(JSON.stringify(seen.message.message.embeds)).toContain(originalTitle);
  });

  test('GIVEN Sam opens /lesson privately and presses Next THEN only Sam sees it, and the same message turns to page 2', async () => {
    const asMember = sam.memberId('sam');
    sam.send({ type: 'slash', asMember, channelId: sam.channelId('bot-commands'), name: 'lesson', options: [{ name: 'topic', value: 'oauth-basics' }] });
    const first = await sam.next('message', (frame) => frame.message.visibleTo === asMember && frame.message.invokedBy?.commandName === 'lesson');
    expect(first.message.visibleTo).toBe(asMember);
    sam.send({ type: 'button', asMember, messageId: first.message.message.id, customId: buttonLabelled(first.message.message.components, /^Next/) });
    const turned = await sam.next('message', (frame) => frame.message.message.id === first.message.message.id && frame !== first);
    expect(JSON.stringify(turned.message.message.embeds)).not.toEqual(JSON.stringify(first.message.message.embeds));
    expect(JSON.stringify(turned.message.message)).toMatch(/2 of \d+|Page 2/);
    // Another member cannot press a button on Sam's private reply.
    const refused = alex.send({ type: 'button', asMember: alex.memberId('alex'), messageId: first.message.message.id, customId: buttonLabelled(first.message.message.components, /^Next/) });
    expect((await alex.next('error', (frame) => frame.requestId === refused)).message).toMatch(/not one this member can see/);
  });

  test('GIVEN /decode with nothing pasted THEN the modal opens for that member, and the submitted token is explained to them alone', async () => {
    const asMember = alex.memberId('alex');
    alex.send({ type: 'slash', asMember, channelId: alex.channelId('general'), name: 'decode', options: [] });
    const modal = await alex.next('modal', (frame) => frame.memberId === asMember);
    const input = JSON.stringify(modal.modal.components).match(/"custom_id":"([^"]+)"/)?.[1];
    expect(input).toBeDefined();
    alex.send({ type: 'modal-submit', asMember, interactionId: modal.interactionId, customId: modal.modal.custom_id, fields: [{ customId: input!, value: jwt }] });
    const answer = await sam.next('message', (frame) => frame.message.visibleTo === asMember && JSON.stringify(frame.message.message).includes('HS256'));
    expect(answer.message.visibleTo).toBe(asMember);
  });

  test('GIVEN a member types a topic THEN the bot’s autocomplete choices come back to that page', async () => {
    const requestId = alex.send({ type: 'autocomplete', asMember: alex.memberId('alex'), channelId: alex.channelId('general'), name: 'lesson', options: [{ name: 'topic', value: 'oauth' }], focused: 'topic' });
    const answer = await alex.next('autocomplete', (frame) => frame.requestId === requestId);
    expect(answer.choices).toEqual([expect.objectContaining({ value: 'oauth-basics' })]);
    expect(sam.received('autocomplete')).toEqual([]);
  });

  test('GIVEN /config view THEN a plain member is refused as Discord would, and the moderator gets the settings', async () => {
    const refused = alex.send({ type: 'slash', asMember: alex.memberId('alex'), channelId: alex.channelId('mod-log'), name: 'config', subcommand: 'view', options: [] });
    expect((await alex.next('error', (frame) => frame.requestId === refused)).message).toMatch(/cannot use \/config/);
    const moderator = morgan.memberId('morgan');
    morgan.send({ type: 'slash', asMember: moderator, channelId: morgan.channelId('mod-log'), name: 'config', subcommand: 'view', options: [] });
    const settings = await morgan.next('message', (frame) => frame.message.invokedBy?.userId === moderator && frame.message.invokedBy.commandName === 'config');
    expect(settings.message.visibleTo).toBe(moderator);
  });

  test('GIVEN the preview panel asks for a lesson THEN it gets every page, question and recall card as the bot lays them out', async () => {
    const requestId = alex.send({ type: 'preview', lessonId: 'oauth-basics' });
    const { preview } = await alex.next('preview', (frame) => frame.requestId === requestId);
    expect([preview.pages.length, preview.questions.length, preview.recallCards.length]).toEqual([expect.any(Number), 10, 3]);
    expect(preview.pages.length).toBeGreaterThan(1);
    expect(JSON.stringify(preview.pages[0]?.embeds)).toContain(originalTitle);
    const unknown = alex.send({ type: 'preview', lessonId: 'no-such-lesson' });
    expect((await alex.next('error', (frame) => frame.requestId === unknown)).message).toContain('no-such-lesson');
  });

  test('GIVEN an author saves a lesson THEN it serves without a restart; a broken save is reported with file:line:col and the last good lesson keeps serving', async () => {
    const file = lessonFile(contentDir);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace(`title: ${originalTitle}`, 'title: OAuth, edited live'));
    await alex.next('content', (frame) => frame.lessonIndex.some((lesson) => lesson.title === 'OAuth, edited live'));
    const asMember = alex.memberId('alex');
    const edited = alex.send({ type: 'preview', lessonId: 'oauth-basics' });
    expect(JSON.stringify((await alex.next('preview', (frame) => frame.requestId === edited)).preview.pages[0])).toContain('OAuth, edited live');

    writeFileSync(file, good.replace(`title: ${originalTitle}`, 'title: Broken on purpose').replace('level: junior', 'level: expert'));
    const report = await alex.next('content', (frame) => frame.problems.length > 0);
    expect(report.problems[0]).toMatch(/oauth-basics\.yaml:\d+:\d+ .*level/);
    alex.send({ type: 'slash', asMember, channelId: alex.channelId('general'), name: 'lesson', options: [{ name: 'topic', value: 'oauth-basics' }] });
    const served = await alex.next('message', (frame) => frame.message.visibleTo === asMember && JSON.stringify(frame.message.message.embeds).includes('OAuth, edited live'));
    expect(JSON.stringify(served.message.message)).not.toContain('Broken on purpose');
  });

  test('GIVEN a member posts a message and a new member joins THEN every page sees both', async () => {
    alex.send({ type: 'send', asMember: alex.memberId('alex'), channelId: alex.channelId('general'), content: 'hello from Alex' });
    const posted = await sam.next('message', (frame) => frame.message.message.content === 'hello from Alex');
    expect([posted.message.visibleTo, posted.message.message.author.username]).toEqual([null, 'alex']);
    morgan.send({ type: 'add-member', asMember: morgan.memberId('morgan'), name: 'Robin', label: 'quiz host' });
    const members = await sam.next('members', (frame) => frame.members.some((member) => member.user.username === 'robin'));
    expect(members.members.find((member) => member.user.username === 'robin')?.label).toBe('quiz host');
    const channels = await sam.next('channels', () => true);
    expect(channels.channels.filter((channel) => channel.kind === 'dm')).toHaveLength(5);
  });

  test('GIVEN a file uploaded for /decode file: THEN the reply is deferred (loading) and then shows the decoded token', async () => {
    const upload = await fetch(`${playground.url}/uploads?filename=token.txt`, { method: 'POST', body: jwt, headers: { 'Content-Type': 'text/plain' } });
    const file = (await upload.json()) as { id: string; url: string };
    expect(await (await fetch(file.url)).text()).toBe(jwt);
    const asMember = sam.memberId('sam');
    sam.send({ type: 'slash', asMember, channelId: sam.channelId('general'), name: 'decode', options: [{ name: 'file', value: file.id }] });
    const loading = await sam.next('message', (frame) => frame.message.visibleTo === asMember && frame.message.loading && frame.message.invokedBy?.commandName === 'decode');
    const done = await sam.next('message', (frame) => frame.message.message.id === loading.message.message.id && !frame.message.loading);
    expect(JSON.stringify(done.message.message)).toContain('HS256');
  });

  test('GIVEN the moderator turns the token guard on THEN a token a member posts in chat is answered in the channel', async () => {
    const moderator = morgan.memberId('morgan');
    // The answer to this command, not the settings an earlier test showed: only then is the guard on.
    const earlier = new Set(morgan.received('message'));
    morgan.send({ type: 'slash', asMember: moderator, channelId: morgan.channelId('mod-log'), name: 'config', subcommand: 'token-guard', options: [{ name: 'mode', value: 'warn' }] });
    await morgan.next('message', (frame) => !earlier.has(frame) && frame.message.invokedBy?.userId === moderator && JSON.stringify(frame.message.message).toLowerCase().includes('token guard'));
    const asMember = sam.memberId('sam');
    sam.send({ type: 'send', asMember, channelId: sam.channelId('general'), content: `my token is ghp_${fakeText(36)}` });
    const warning = await alex.next('message', (frame) => frame.message.message.content.includes('your message contains'));
    expect(warning.message.message.content).toContain(`<@${asMember}>`);
    expect(warning.message.visibleTo).toBeNull();
  });

  test('GIVEN the quiz host opens a competition THEN two members join from their own pages and everyone sees the first question', async () => {
    const host = sam.memberId('quinn');
    const arena = sam.channelId('quiz-arena');
    sam.send({ type: 'slash', asMember: host, channelId: arena, name: 'quiz', subcommand: 'start', options: [{ name: 'topic', value: 'oauth-basics' }, { name: 'questions', value: 2 }] });
    const lobby = await alex.next('message', (frame) => frame.message.message.channel_id === arena && JSON.stringify(frame.message.message.components).includes('"Join"'));
    expect(lobby.message.visibleTo).toBeNull();
    const lobbyId = lobby.message.message.id;
    alex.send({ type: 'button', asMember: alex.memberId('alex'), messageId: lobbyId, customId: buttonLabelled(lobby.message.message.components, /^Join$/) });
    sam.send({ type: 'button', asMember: sam.memberId('sam'), messageId: lobbyId, customId: buttonLabelled(lobby.message.message.components, /^Join$/) });
    await morgan.next('message', (frame) => frame.message.message.id === lobbyId && /Alex/.test(JSON.stringify(frame.message.message)) && /Sam/.test(JSON.stringify(frame.message.message)));
    sam.send({ type: 'button', asMember: host, messageId: lobbyId, customId: buttonLabelled(lobby.message.message.components, /^Start$/) });
    const question = await morgan.next('message', (frame) => frame.message.message.channel_id === arena && JSON.stringify(frame.message.message.embeds).includes('Question 1 of 2'));
    expect(question.message.visibleTo).toBeNull();
  });

  test('GIVEN the bot sends a review reminder THEN it lands in that member’s Direct messages, seen by them alone', async () => {
    const asMember = alex.memberId('alex');
    const transport = discordReminderTransport(playground.bot.client);
    const channelId = await transport.openDirectMessage(asMember);
    expect(alex.snapshot.channels).toContainEqual(expect.objectContaining({ id: channelId, kind: 'dm', recipientId: asMember }));
    await transport.post(channelId, 'You have 3 cards due');
    const reminder = await sam.next('message', (frame) => frame.message.message.content === 'You have 3 cards due');
    expect([reminder.message.visibleTo, reminder.message.message.channel_id]).toEqual([asMember, channelId]);
  });

  test('GIVEN /progress member THEN the chart the bot attached is served over HTTP as the PNG it uploaded', async () => {
    const asMember = sam.memberId('sam');
    sam.send({ type: 'slash', asMember, channelId: sam.channelId('bot-commands'), name: 'progress', subcommand: 'member', options: [] });
    const reply = await sam.next('message', (frame) => frame.message.invokedBy?.commandName === 'progress' && frame.message.message.attachments.length > 0);
    const [chart] = reply.message.message.attachments;
    const download = await fetch(chart!.url);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });

  test('GIVEN the moderator picks a channel in /config channels THEN the menu carries the channel and the settings show it', async () => {
    const moderator = morgan.memberId('morgan');
    morgan.send({ type: 'slash', asMember: moderator, channelId: morgan.channelId('mod-log'), name: 'config', subcommand: 'channels', options: [] });
    const view = await morgan.next('message', (frame) => frame.message.invokedBy?.userId === moderator && JSON.stringify(frame.message.message).includes('Where the bot works'));
    const menu = JSON.stringify(view.message.message.components).match(/"custom_id":"([^"]*announce[^"]*)"/)?.[1];
    expect(menu).toBeDefined();
    const modLog = morgan.channelId('mod-log');
    morgan.send({ type: 'select', asMember: moderator, messageId: view.message.message.id, customId: menu!, values: [modLog] });
    await morgan.next('message', (frame) => frame.message.message.id === view.message.message.id && JSON.stringify(frame.message.message.embeds).includes(`<#${modLog}>`));
    const refused = morgan.send({ type: 'select', asMember: moderator, messageId: view.message.message.id, customId: menu!, values: ['123456789012345678'] });
    expect((await morgan.next('error', (frame) => frame.requestId === refused)).message).toMatch(/no such channel/);
  });

  test('GIVEN Alex dismisses an ephemeral reply THEN it leaves the pages and new snapshots, and only Alex could dismiss it', async () => {
    const asMember = alex.memberId('alex');
    alex.send({ type: 'slash', asMember, channelId: alex.channelId('bot-commands'), name: 'help', options: [] });
    const help = await alex.next('message', (frame) => frame.message.invokedBy?.commandName === 'help' && frame.message.visibleTo === asMember);
    const messageId = help.message.message.id;
    const refused = sam.send({ type: 'dismiss', asMember: sam.memberId('sam'), messageId });
    expect((await sam.next('error', (frame) => frame.requestId === refused)).message).toMatch(/Only the member/);
    alex.send({ type: 'dismiss', asMember, messageId });
    await sam.next('message-deleted', (frame) => frame.messageId === messageId);
    const later = await PageClient.open(playground.url);
    expect(later.snapshot.messages.map((entry) => entry.message.id)).not.toContain(messageId);
    later.close();
  });

  test('GIVEN the bot’s answers never reach Discord THEN the page is told the interaction failed, after Discord’s 3 s', async () => {
    // Every answer the bot tries (its reply, then its apology) is refused before Discord records it; this test runs last.
    playground.local.failNext(/\/callback/, 400, 50035, 'Injected failure', 20);
    const requestId = alex.send({ type: 'slash', asMember: alex.memberId('alex'), channelId: alex.channelId('general'), name: 'help', options: [] });
    const failed = await alex.next('interaction-failed', (frame) => frame.requestId === requestId);
    expect([failed.memberId, failed.reason]).toEqual([alex.memberId('alex'), expect.stringContaining('did not answer within 3 s')]);
  });
});
