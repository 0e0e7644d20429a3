import { readFileSync } from 'node:fs';
import { MessageFlags, type APIEmbed, type APIMessage } from 'discord.js';
import { loadContent } from '../../src/content/load.js';
import { describe, expect, test } from 'vitest';
import { encodeRoute } from '../../src/discord/ids.js';
import { useBotHarness } from '../support/bot-harness.js';
import type { LocalDiscord } from '../../src/playground/discord/index.js';

const startHarness = useBotHarness();
const oauthTitle = 'What OAuth is and why passwords are not the answer';

const topic = (value: string) => [{ name: 'topic', type: 3, value }];
/** The page itself: the last embed (the first page has the lesson's introduction above it). */
const firstEmbed = (message: APIMessage | undefined): APIEmbed => {
  const embed = message?.embeds.at(-1);
  if (!embed) throw new Error(`expected an embed, got ${JSON.stringify(message)}`);
  return embed;
};
const isEphemeral = (message: APIMessage | undefined) => ((message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const customIdOf = (message: APIMessage | undefined, label: string): string => {
  for (const row of message?.components ?? []) {
    for (const component of 'components' in row ? row.components : []) {
      if ('label' in component && component.label === label && 'custom_id' in component) return component.custom_id;
    }
  }
  throw new Error(`no "${label}" button on the message`);
};
const selectIdOf = (message: APIMessage | undefined): string => {
  for (const row of message?.components ?? []) {
    for (const component of 'components' in row ? row.components : []) {
      if (component.type === 3) return component.custom_id;
    }
  }
  throw new Error('no select menu on the message');
};

describe('/lesson through the real client and a fake Discord', () => {
  test('GIVEN a member typing "oauth" THEN autocomplete offers the OAuth lesson by title with its id as value', async () => {
    const { fake } = await startHarness();
    const response = await fake.autocomplete({ name: 'lesson', options: topic('oauth') }).response();
    expect(response.type).toBe(8);
    expect(response.data?.choices?.[0]).toEqual({ name: oauthTitle, value: 'oauth-basics' });
  });

  test('GIVEN a member typing "net" for a track THEN /lessons and /leaderboard both offer Networking', async () => {
    const { fake } = await startHarness();
    for (const name of ['lessons', 'leaderboard']) {
      const response = await fake.autocomplete({ name, options: [{ name: 'track', type: 3, value: 'net', focused: true }] }).response();
      expect(response.data?.choices).toEqual([{ name: 'Networking', value: 'networking' }]);
    }
  });

  test('GIVEN /lesson with the autocompleted topic THEN the first page arrives privately with paging', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'lesson', options: topic('oauth-basics') });
    await reply.response();
    const message = reply.message();
    expect(isEphemeral(message)).toBe(true);
    expect(message?.embeds.map((embed) => embed.title)).toEqual(['In this lesson', 'The password problem']);
    expect(message?.embeds[0]).toMatchObject({ author: { name: oauthTitle }, description: expect.stringContaining('Giving an app your password') });
    expect(firstEmbed(message)).toMatchObject({ title: 'The password problem', footer: { text: 'Security · junior · page 1 of 6' } });
    expect(firstEmbed(message).description).toContain('PrintPic');
  });

  test('GIVEN Next, then Previous THEN the same message turns to page 2 and back to page 1', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'lesson', options: topic('oauth-basics') });
    await reply.response();

    const next = fake.button({ customId: customIdOf(reply.message(), 'Next'), message: reply.message() });
    expect((await next.response()).type).toBe(7);
    expect(firstEmbed(next.message())).toMatchObject({ title: 'The three parties', footer: { text: 'Security · junior · page 2 of 6' } });

    const previous = fake.button({ customId: customIdOf(next.message(), 'Previous'), message: next.message() });
    await previous.response();
    expect(firstEmbed(previous.message()).footer?.text).toBe('Security · junior · page 1 of 6');
  });

  test.each([
    { how: 'the "Jump to a section" menu', jump: (fake: LocalDiscord, message: APIMessage | undefined) => fake.select({ customId: selectIdOf(message), values: ['5'], message }) },
    { how: 'a forged page id', jump: (fake: LocalDiscord) => fake.button({ customId: encodeRoute({ kind: 'lesson.page', lessonId: 'oauth-basics', page: 5 }) }) },
  ])('GIVEN a member who skips to the last page with $how THEN it is not completed, nor its cards in the deck, until the skipped pages are read', async ({ jump }) => {
    const { fake } = await startHarness();
    const security = [{ name: 'track', type: 3, value: 'security' }];
    const reply = fake.slash({ name: 'lesson', options: topic('oauth-basics') });
    await reply.response();
    const last = jump(fake, reply.message());
    await last.response();
    expect(firstEmbed(last.message())).toMatchObject({ title: 'Why a stolen token hurts less than a stolen password' });
    const guidance = firstEmbed(last.message()).fields?.[0];
    expect(guidance?.name).toBe('📖 You have read 2 of 6 pages');
    expect(guidance?.value).toContain('Not read yet: 2. The three parties');
    const skipped = fake.slash({ name: 'lessons', options: security });
    await skipped.response();
    expect(firstEmbed(skipped.message()).description).toContain(`📖 (2/6) ${oauthTitle}`);
    const deckBefore = fake.slash({ name: 'review', options: [{ name: 'cards', type: 1 }] });
    await deckBefore.response();
    expect(JSON.stringify(deckBefore.message()?.embeds)).toContain('Your deck is empty');

    let page = last.message();
    for (const expected of [5, 4, 3]) {
      const previous = fake.button({ customId: customIdOf(page, 'Previous'), message: page });
      await previous.response();
      page = previous.message();
      expect(firstEmbed(page).footer?.text).toBe(`Security · junior · page ${expected} of 6`);
      expect(firstEmbed(page).fields).toBeUndefined();
    }
    const lastUnread = fake.button({ customId: customIdOf(page, 'Previous'), message: page });
    await lastUnread.response();
    expect(firstEmbed(lastUnread.message()).fields?.map((field) => field.name)).toEqual(['✅ Lesson complete']);

    const after = fake.slash({ name: 'lessons', options: security });
    await after.response();
    expect(firstEmbed(after.message()).description).toContain(`✅ ${oauthTitle} · *junior*`);
    expect(firstEmbed(after.message()).footer?.text).toMatch(/You have completed 1 of \d+/);
    const deckAfter = fake.slash({ name: 'review', options: [{ name: 'cards', type: 1 }] });
    await deckAfter.response();
    expect(firstEmbed(deckAfter.message()).title).toBe('🧠 Recall');
  });

  test('GIVEN a member who reads every page with Next THEN the last page says the lesson is complete', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'lesson', options: topic('oauth-basics') });
    await reply.response();
    let page = reply.message();
    for (let step = 0; step < 5; step += 1) {
      const next = fake.button({ customId: customIdOf(page, 'Next'), message: page });
      await next.response();
      page = next.message();
    }
    expect(firstEmbed(page).fields?.[0]?.name).toBe('✅ Lesson complete');
  });

  test('GIVEN a page read halfway THEN /lessons shows it started, with the pages read', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'lesson', options: topic('oauth-basics') });
    await reply.response();
    await fake.select({ customId: selectIdOf(reply.message()), values: ['2'], message: reply.message() }).response();
    const list = fake.slash({ name: 'lessons', options: [{ name: 'track', type: 3, value: 'security' }] });
    await list.response();
    expect(firstEmbed(list.message())).toMatchObject({ title: 'Lessons: Security' });
    expect(firstEmbed(list.message()).description).toContain(`📖 (2/6) ${oauthTitle}`);
  });

  test('GIVEN an unknown topic THEN the member is told privately, with close matches', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'lesson', options: topic('oatuh') });
    await reply.response();
    expect(isEphemeral(reply.message())).toBe(true);
    expect(reply.message()?.content).toContain('I have no lesson called “oatuh”. Did you mean:');
    expect(reply.message()?.content).toContain(oauthTitle);
  });

  test('GIVEN a shared lesson THEN the first page is public and another member’s Next opens a private copy', async () => {
    const { fake } = await startHarness();
    const shared = fake.slash({ name: 'lesson', options: [...topic('oauth-basics'), { name: 'share', type: 5, value: true }] });
    await shared.response();
    expect(isEphemeral(shared.message())).toBe(false);

    const click = fake.button({ customId: customIdOf(shared.message(), 'Next'), message: shared.message(), user: 'bob' });
    const response = await click.response();
    expect(response.type).toBe(4);
    expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(response.data?.embeds?.at(-1)?.footer?.text).toBe('Security · junior · page 2 of 6');
    expect(firstEmbed(fake.message(shared.message()?.id ?? '')).footer?.text).toBe('Security · junior · page 1 of 6');
  });

  test('GIVEN the bot restarts THEN the Next button of a page sent before the restart still works', async () => {
    const harness = await startHarness();
    const reply = harness.fake.slash({ name: 'lesson', options: topic('oauth-basics') });
    await reply.response();
    await harness.restart();
    const next = harness.fake.button({ customId: customIdOf(reply.message(), 'Next'), message: reply.message() });
    await next.response();
    expect(firstEmbed(next.message()).footer?.text).toBe('Security · junior · page 2 of 6');
  });

  test.each([
    ['a garbled id', 'not-a-route', 'That button is not one I can read'],
    ['an id from an older version', 'v0|lesson|oauth-basics|p|1', 'older version of the bot'],
    ['a page of a lesson that was removed', 'v1|lesson|retired-lesson|p|1', 'That lesson is no longer available here'],
    ['an answer for a quiz that does not exist (or has ended)', 'v1|quiz|zzzzzzzzzz|a|0|1', 'This quiz has ended'],
  ])('GIVEN a button with %s THEN the member gets a short private answer, not "interaction failed"', async (_case, customId, words) => {
    const { fake } = await startHarness();
    const click = fake.button({ customId });
    const response = await click.response();
    expect(response.type).toBe(4);
    expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(response.data?.content).toContain(words);
  });

  test('GIVEN the Start quiz button THEN a private practice run opens on the first question, and the lesson stays', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'lesson', options: topic('oauth-basics') });
    await reply.response();
    const start = fake.button({ customId: customIdOf(reply.message(), 'Start quiz'), message: reply.message() });
    const response = await start.response();
    expect(response.type).toBe(4);
    expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(response.data?.embeds?.[0]?.title).toMatch(/^Question 1 of \d+$/);
    expect(firstEmbed(reply.message()).title).toBe('The password problem');
  });

  test('GIVEN /help THEN the member privately gets the commands and a first lesson to start with', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'help' });
    await reply.response();
    expect(isEphemeral(reply.message())).toBe(true);
    const description = firstEmbed(reply.message()).description ?? '';
    expect(description).toMatch(/New here\? Try `\/lesson` and pick \*\*.+\*\*\./);
    for (const command of ['/lesson topic:', '/lessons', '/quiz practice topic:', '/quiz start topic:', '/review cards', '/progress member', '/leaderboard', '/decode', '/help']) expect(description).toContain(command);
  });

  test('GIVEN /help THEN the first lesson it recommends is the one the README starts with', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'help' });
    await reply.response();
    const recommended = /pick \*\*(.+?)\*\*\./.exec(firstEmbed(reply.message()).description ?? '')?.[1];
    const readme = readFileSync('README.md', 'utf8');
    expect(/starting with \*\*"(.+?)"\*\*/s.exec(readme)?.[1]?.replace(/\s+/g, ' ')).toBe(recommended);
  });

  test('GIVEN /lessons THEN a menu lists the lessons on the page, and picking one opens it privately on its first page', async () => {
    const { fake } = await startHarness();
    const list = fake.slash({ name: 'lessons', options: [{ name: 'track', type: 3, value: 'security' }] });
    await list.response();
    const menu = JSON.stringify(list.message()?.components);
    expect(menu).toContain('"placeholder":"Open a lesson"');
    const labels = [...menu.matchAll(/"label":"([^"]+)"/g)].map((match) => match[1]);
    expect(labels).toContain(oauthTitle);

    const open = fake.select({ customId: selectIdOf(list.message()), values: ['oauth-basics'], message: list.message() });
    const response = await open.response();
    expect(response.type).toBe(4);
    expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(response.data?.embeds?.[0]).toMatchObject({ author: { name: oauthTitle }, title: 'In this lesson' });
    expect(response.data?.embeds?.at(-1)).toMatchObject({ footer: { text: 'Security · junior · page 1 of 6' } });
  });

  test.each([
    ['a track', [{ name: 'track', type: 3, value: 'security' }], 'security'],
    ['no track', [], undefined],
  ])('GIVEN %s THEN the level filter offers only levels some lesson has', async (_case, track, trackId) => {
    const { lessons } = await loadContent('content');
    const expected = (['junior', 'middle', 'senior'] as const).filter((level) => lessons.some((lesson) => lesson.level === level && (trackId === undefined || lesson.track === trackId)));
    const { fake } = await startHarness();
    const response = await fake.autocomplete({ name: 'lessons', options: [...track, { name: 'level', type: 3, value: '', focused: true }] }).response();
    expect(response.data?.choices?.map((choice) => choice.value)).toEqual(expected);
  });

  test('GIVEN a command used in a direct message THEN the member is told the bot works in servers', async () => {
    const { fake } = await startHarness();
    const reply = fake.slash({ name: 'lessons', guildId: null });
    expect((await reply.response()).data?.content).toContain('I teach inside servers');
  });

  test('GIVEN the database fails mid-command THEN the member gets an apology with the interaction id and the cause is logged', async () => {
    const harness = await startHarness();
    harness.store.close();
    const reply = harness.fake.slash({ name: 'lessons' });
    const response = await reply.response();
    expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(response.data?.content).toContain(`reference \`${reply.id}\``);
    const failure = harness.logs().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'interaction failed');
    expect(failure).toMatchObject({ interactionId: reply.id, command: 'lessons', level: 50 });
  });

  test('GIVEN a whole session of commands THEN neither the bot token nor an interaction token appears in the logs', async () => {
    const harness = await startHarness();
    const reply = harness.fake.slash({ name: 'lesson', options: topic('oauth-basics') });
    await reply.response();
    await harness.fake.button({ customId: 'garbage' }).response();
    harness.store.close();
    await harness.fake.slash({ name: 'lessons' }).response();
    const logs = harness.logs();
    expect(logs).toContain('interaction failed');
    expect(logs).not.toContain(harness.fake.token);
    expect(logs).not.toContain(reply.token);
  });
});
