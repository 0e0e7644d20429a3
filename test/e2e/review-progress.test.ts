import type { APIMessage } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { useBotHarness, type Harness } from '../support/bot-harness.js';
import { loadContent } from '../../src/content/load.js';
import { buttonId, embedOf, embedText } from '../support/discord-messages.js';
import { answerQuestion } from '../support/practice.js';

const startHarness = useBotHarness();
const moderator = String((1n << 5n) | (1n << 10n) | (1n << 11n));

/** Reads every page of the OAuth lesson, which completes it. */
async function completeLesson(harness: Harness, user = 'alice') {
  const reply = harness.fake.slash({ name: 'lesson', user, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
  await reply.response();
  let page = reply.message() as APIMessage;
  for (let step = 0; step < 5; step += 1) {
    const next = harness.fake.button({ customId: buttonId(page, 'Next'), message: page, user });
    await next.response();
    page = next.message() as APIMessage;
  }
}

async function reviewCards(harness: Harness, user = 'alice') {
  const reply = harness.fake.slash({ name: 'review', user, options: [{ name: 'cards', type: 1 }] });
  await reply.response();
  return reply.message() as APIMessage;
}

describe('/review', () => {
  test('GIVEN a completed lesson THEN its recall cards are due, answered in a modal, graded, and scheduled', async () => {
    const harness = await startHarness();
    expect(embedText(await reviewCards(harness))).toContain('Your deck is empty');
    await completeLesson(harness);

    const card = await reviewCards(harness);
    expect(embedOf(card).title).toBe('🧠 Recall');
    expect(embedOf(card).footer?.text).toBe('3 due now · 3 in your deck');
    const open = await harness.fake.button({ customId: buttonId(card, 'Answer'), message: card }).response();
    expect(open.type).toBe(9);
    const submit = harness.fake.modalSubmit({ customId: open.data?.custom_id as string, fields: { answer: 'client, authorization server, resource server' }, message: card });
    await submit.response();
    const check = submit.message() as APIMessage;
    expect(embedText(check)).toContain('Your answer\nclient, authorization server, resource server');
    expect(embedText(check)).toContain('Model answer');

    const good = harness.fake.button({ customId: buttonId(check, /^Good · /), message: check });
    await good.response();
    const saved = good.message() as APIMessage;
    expect(embedOf(saved).title).toBe('Saved: Good');
    expect(embedOf(saved).description).toMatch(/^Next review of this card (tomorrow|in \d+ days) \(<t:\d+:D>\)\.$/);
    expect(embedOf(saved).footer?.text).toBe('2 due now · 3 in your deck');

    const next = harness.fake.button({ customId: buttonId(saved, 'Next card'), message: saved });
    await next.response();
    expect(embedOf(next.message()).title).toBe('🧠 Recall');
  });

  test('GIVEN every due card graded THEN the deck says when the next one is due', async () => {
    const harness = await startHarness();
    await completeLesson(harness);
    for (let index = 0; index < 3; index += 1) {
      const card = await reviewCards(harness);
      const open = await harness.fake.button({ customId: buttonId(card, 'Answer'), message: card }).response();
      const submit = harness.fake.modalSubmit({ customId: open.data?.custom_id as string, fields: { answer: 'my answer' }, message: card });
      await submit.response();
      await harness.fake.button({ customId: buttonId(submit.message(), /^Easy · /), message: submit.message() }).response();
    }
    const done = await reviewCards(harness);
    expect(embedOf(done).title).toBe('🧠 Nothing to review right now');
    expect(embedOf(done).description).toMatch(/3 cards in your deck; the next one is due <t:\d+:R>\./);
  });

  test('GIVEN a question answered wrongly in practice THEN it comes back in review as the question itself', async () => {
    const harness = await startHarness();
    const oauth = (await loadContent('content')).lessons.find((lesson) => lesson.id === 'oauth-basics')!;
    const start = harness.fake.slash({ name: 'quiz', options: [{ name: 'practice', type: 1, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] }] });
    await start.response();
    let message = start.message() as APIMessage;
    const missed = oauth.questions.find((question) => question.type === 'truefalse')!;
    for (const question of oauth.questions) {
      const feedback = await answerQuestion(harness.fake, message, question, question.id !== missed.id);
      const next = harness.fake.button({ customId: buttonId(feedback, /^(Next question|See results)$/), message: feedback });
      await next.response();
      message = next.message() as APIMessage;
    }
    expect((await harness.store.reviews.summary(harness.fake.guildId, harness.fake.user('alice').id, harness.clock.now())).cards).toBe(oauth.recall.length + 1);
    // The same run, as /progress shows it: the member's accuracy, and the question on the moderators' most-missed list.
    const asked = oauth.questions.length;
    const own = embedText((await harness.fake.slash({ name: 'progress', options: [{ name: 'member', type: 1 }] }).response()).data);
    expect(own).toContain(`Quiz accuracy\n${Math.round(((asked - 1) / asked) * 100)}% of ${asked}`);
    const server = embedText((await harness.fake.slash({ name: 'progress', user: 'mod', memberPermissions: moderator, options: [{ name: 'server', type: 1 }] }).response()).data);
    expect(server).toContain(`1 of 1 wrong · ${oauth.title}: ${missed.prompt.split(' ').slice(0, 3).join(' ')}`);

    let card = await reviewCards(harness);
    for (let guard = 0; embedOf(card).title !== '🔁 A question you missed' && guard < 4; guard += 1) {
      const open = await harness.fake.button({ customId: buttonId(card, 'Answer'), message: card }).response();
      const submit = harness.fake.modalSubmit({ customId: open.data?.custom_id as string, fields: { answer: 'x' }, message: card });
      await submit.response();
      await harness.fake.button({ customId: buttonId(submit.message(), /^Good · /), message: submit.message() }).response();
      card = await reviewCards(harness);
    }
    expect(embedOf(card).title).toBe('🔁 A question you missed');
    expect(embedOf(card).description).toContain(missed.prompt);
    const show = harness.fake.button({ customId: buttonId(card, 'Show the answer'), message: card });
    await show.response();
    expect(embedText(show.message())).toContain(`Right answer\n${missed.type === 'truefalse' && missed.answer ? 'True' : 'False'}`);
    await harness.fake.button({ customId: buttonId(show.message(), /^Again · /), message: show.message() }).response();
  });
});

describe('/progress', () => {
  test('GIVEN a completed lesson THEN progress shows it per track, with the deck, the streak and a picture', async () => {
    const harness = await startHarness();
    await completeLesson(harness);
    const reply = harness.fake.slash({ name: 'progress', options: [{ name: 'member', type: 1 }] });
    const response = await reply.response();
    const text = embedText(response.data);
    expect(text).toMatch(/Lessons completed\n1 of \d+/);
    expect(text).toContain('Daily streak\n1 day');
    expect(text).toContain('Review deck\n3 cards · 3 due today');
    const securityLessons = (await loadContent('content')).lessons.filter((lesson) => lesson.track === 'security').length;
    expect(text).toContain(`**Security**: 1/${securityLessons} · 0%`);
    expect(response.data?.embeds?.[0]?.image?.url).toBe('attachment://progress.png');
    const png = response.files.find((file) => file.filename === 'progress.png');
    expect(png?.data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  test('GIVEN a moderator THEN /progress server shows learners and lessons; a member is refused', async () => {
    const harness = await startHarness();
    await completeLesson(harness, 'alice');
    const refused = await harness.fake.slash({ name: 'progress', user: 'bob', options: [{ name: 'server', type: 1 }] }).response();
    expect(refused.data?.content).toContain('Only members with the Manage Server permission');
    const reply = await harness.fake.slash({ name: 'progress', user: 'mod', memberPermissions: moderator, options: [{ name: 'server', type: 1 }] }).response();
    const text = embedText(reply.data);
    expect(text).toContain('Members learning (last 30 days)\n1');
    expect(text).toContain('Most completed lessons\nWhat OAuth is and why passwords are not the answer: 1');
  });

  test('GIVEN one lesson completed and another only opened THEN "least completed" lists only the opened one, among lessons someone started', async () => {
    const harness = await startHarness();
    await completeLesson(harness, 'alice');
    await harness.fake.slash({ name: 'lesson', user: 'bob', options: [{ name: 'topic', type: 3, value: 'dns-basics' }] }).response();
    const reply = await harness.fake.slash({ name: 'progress', user: 'mod', memberPermissions: moderator, options: [{ name: 'server', type: 1 }] }).response();
    const least = reply.data?.embeds?.[0]?.fields?.find((field) => field.name.startsWith('Least completed'));
    expect(least).toEqual({ name: 'Least completed lessons (of those started)', value: 'DNS: what it does and why it exists: 0 of 1 who started' });
  });

  test('GIVEN /progress member THEN the chart attachment carries a description of what it shows', async () => {
    const harness = await startHarness();
    await completeLesson(harness);
    const response = await harness.fake.slash({ name: 'progress', options: [{ name: 'member', type: 1 }] }).response();
    const attachments = (response.data as { attachments?: { description?: string }[] }).attachments ?? [];
    const securityLessons = (await loadContent('content')).lessons.filter((lesson) => lesson.track === 'security').length;
    expect(attachments[0]?.description).toMatch(/^Bar chart of .+'s progress per track\. Networking: \d+% of lessons completed, \d+% mastery; /);
    expect(attachments[0]?.description).toContain(`Security: ${Math.round(100 / securityLessons)}% of lessons completed`);
  });
});

describe('review reminders', () => {
  test('GIVEN a member who opted in with cards due THEN they get one DM a day, however often the bot checks', async () => {
    const harness = await startHarness();
    await completeLesson(harness);
    const optIn = await harness.fake.slash({ name: 'review', options: [{ name: 'settings', type: 1, options: [{ name: 'reminders', type: 5, value: true }] }] }).response();
    expect(optIn.data?.content).toContain('Reminders on');
    expect(await harness.reminders.tick()).toMatchObject({ sent: 1 });
    expect(await harness.reminders.tick()).toMatchObject({ sent: 0 });
    const dms = harness.fake.messages().filter((message) => message.content.includes('ready for review'));
    expect(dms).toHaveLength(1);
    expect(dms[0]?.content).toContain('3 cards are ready for review');
    harness.clock.advance(24 * 3600_000);
    expect(await harness.reminders.tick()).toMatchObject({ sent: 1 });
  });

  test('GIVEN a member whose DMs are closed THEN the bot stops trying until they opt in again', async () => {
    const harness = await startHarness();
    await completeLesson(harness, 'bob');
    harness.fake.closeDms('bob');
    await harness.fake.slash({ name: 'review', user: 'bob', options: [{ name: 'settings', type: 1, options: [{ name: 'reminders', type: 5, value: true }] }] }).response();
    expect(await harness.reminders.tick()).toMatchObject({ sent: 0 });
    harness.clock.advance(24 * 3600_000);
    await harness.reminders.tick();
    const attempts = harness.fake.requests.filter((request) => request.method === 'POST' && request.status === 403);
    expect(attempts).toHaveLength(1);
  });
});
