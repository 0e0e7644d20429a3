import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import type { Lesson } from '../../src/content/schema.js';
import { launchBrowser, screenshot, type Browser } from '../support/browser.js';
import { answerRight, lastMessage, openAs, runCommand } from '../support/browser-page.js';
import { startPlayground, type RunningPlayground } from '../support/playground-process.js';

/**
 * The playground through a real browser, as a person clicks: one playground (the real bot, its
 * local Discord and the built page) and one Chromium for the file; each test opens its own pages
 * as the members it needs, in channels no other test uses at the same time.
 */
let playground: RunningPlayground;
let browser: Browser;
let dir: string;
const oauth = (await loadContent('content')).lessons.find((lesson) => lesson.id === 'oauth-basics') as Lesson;
const oauthPick = /What OAuth is/;

beforeAll(async () => {
  // One folder for the file's playground (database and lesson copy), removed after the last test.
  dir = mkdtempSync(path.join(tmpdir(), 'tutor-browser-'));
  [playground, browser] = await Promise.all([startPlayground(dir), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function pageAs(member: string, channel: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page error (${member}):`, error.message));
  return openAs(page, playground.url, member, channel);
}

describe('the playground in a browser', { timeout: 90_000 }, () => {
  test('GIVEN /lesson with autocomplete THEN the first page shows only to the reader, Next and the section menu turn pages, and Dismiss removes it', async () => {
    const page = await pageAs('Alex', 'general');
    await runCommand(page, '/lesson', { topic: { type: 'oauth', pick: oauthPick } });
    const reply = lastMessage(page, oauth.sections[0]!.title);
    await expect.poll(() => reply.locator('.embed-title').last().textContent()).toBe(oauth.sections[0]!.title);
    await expect.poll(() => reply.locator('.ephemeral-note').textContent()).toContain('Only you can see this');

    await reply.getByRole('button', { name: 'Next' }).click();
    const second = lastMessage(page, `page 2 of ${oauth.sections.length}`);
    await expect.poll(() => second.locator('.embed-title').textContent()).toBe(oauth.sections[1]!.title);

    await second.locator('.select-trigger').click();
    await second.getByRole('option', { name: `4. ${oauth.sections[3]!.title}` }).click();
    const fourth = lastMessage(page, `page 4 of ${oauth.sections.length}`);
    await expect.poll(() => fourth.locator('.embed-title').textContent()).toBe(oauth.sections[3]!.title);
    await screenshot(page, 'lesson');

    await fourth.getByRole('button', { name: 'Dismiss message' }).click();
    await expect.poll(() => page.locator('article.message', { hasText: oauth.sections[3]!.title }).count()).toBe(0);
    await page.close();
  });

  test('GIVEN /quiz practice THEN a single-choice, an ordering and a multi-select question are answered by clicking and marked correct', async () => {
    const page = await pageAs('Sam', 'bot-commands');
    await runCommand(page, '/quiz practice', { topic: { type: 'oauth', pick: oauthPick } });
    const lastMulti = oauth.questions.findIndex((question) => question.type === 'multi');
    const answered = new Set<string>();
    for (const [index, question] of oauth.questions.slice(0, lastMulti + 1).entries()) {
      const message = lastMessage(page, `Question ${index + 1} of ${oauth.questions.length}`);
      await message.waitFor();
      await answerRight(page, message, question);
      const feedback = lastMessage(page, /✅ Correct/);
      await expect.poll(() => feedback.locator('.embed-title').textContent()).toMatch(new RegExp(`question ${index + 1} of`));
      answered.add(question.type);
      if (index === lastMulti) await screenshot(page, 'practice');
      else await feedback.getByRole('button', { name: 'Next question' }).click();
    }
    expect([...answered].sort()).toEqual(['multi', 'order', 'single']);
    await page.close();
  });

  test('GIVEN two members in two pages THEN they play a free-for-all live and both see the final standings', async () => {
    const host = await pageAs('Quinn', 'quiz-arena');
    const player = await pageAs('Alex', 'quiz-arena');
    await runCommand(host, '/quiz start', { topic: { type: 'oauth', pick: oauthPick }, mode: { select: 'free for all' }, questions: { type: '2' }, seconds: { type: '30' } });
    const lobbyFor = (page: Page) => lastMessage(page, 'Quiz competition');
    await lobbyFor(player).getByRole('button', { name: 'Join', exact: true }).click();
    await expect.poll(() => lobbyFor(host).textContent()).toContain('Alex');
    const hostJoin = lobbyFor(host).getByRole('button', { name: 'Join', exact: true });
    if (!(await lobbyFor(host).textContent())?.includes('Quinn')) await hostJoin.click();
    await expect.poll(() => lobbyFor(player).textContent()).toContain('Quinn');
    await lobbyFor(host).getByRole('button', { name: 'Start', exact: true }).click();

    for (const number of [1, 2]) {
      for (const page of [host, player]) {
        const question = lastMessage(page, new RegExp(`Question ${number} of 2(?!: the answer)`));
        await question.waitFor();
        const prompt = (await question.locator('.embed-description').textContent()) ?? '';
        const asked = oauth.questions.find((candidate) => prompt.startsWith(candidate.prompt.slice(0, 40)));
        expect(asked, prompt).toBeDefined();
        await answerRight(page, question, asked!);
      }
      await lastMessage(player, `Question ${number} of 2: the answer`).waitFor();
    }
    for (const page of [host, player]) {
      const standings = lastMessage(page, '🏁 Final standings');
      await standings.waitFor({ timeout: 30_000 });
      expect(await standings.textContent()).toMatch(/Quinn: \d+ pts[\s\S]*Alex: \d+ pts|Alex: \d+ pts[\s\S]*Quinn: \d+ pts/);
    }
    await screenshot(player, 'competition');
    await Promise.all([host.close(), player.close()]);
  });

  test('GIVEN a JWT THEN /decode warns that it leaked, and Apps → Decode token on a member’s message says the same', async () => {
    const jwt = await new SignJWT({ sub: 'user-42', scope: 'read:photos' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(new TextEncoder().encode('a-secret-that-is-long-enough-for-hs256'));
    const page = await pageAs('Morgan', 'mod-log');
    await runCommand(page, '/decode', { token: { type: jwt } });
    const decoded = lastMessage(page, 'Treat this as leaked');
    await expect.poll(() => decoded.textContent()).toContain('revoke it now');
    expect(await decoded.textContent()).toContain('user-42');

    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(`here is my token ${jwt}`);
    await box.press('Enter');
    const posted = lastMessage(page, 'here is my token');
    await posted.waitFor();
    await posted.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Decode token' }).click();
    await expect.poll(() => page.locator('article.message', { hasText: 'Treat this as leaked' }).count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'decode');
    await page.close();
  });

  test('GIVEN a member’s message with Discord markdown and markup THEN it renders as Discord does, and the markup stays text', async () => {
    const page = await pageAs('Sam', 'mod-log');
    const samId = await page.getByRole('combobox', { name: 'Member', exact: true }).inputValue();
    const soon = Math.floor(Date.now() / 1000) + 2 * 3600;
    const text = [`**bold** *it* \`code\` ||secret|| <t:${soon}:R> <@${samId}> [docs](https://discord.com/developers/docs)`, '> quoted', '- one', '- two', '[trap](javascript:alert(1)) <img src=x onerror=alert(1)>'].join('\n');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
    const message = lastMessage(page, 'quoted');
    await message.waitFor();
    expect(await message.locator('strong').textContent()).toBe('bold');
    expect(await message.locator('em').textContent()).toBe('it');
    expect(await message.locator('code.inline-code').textContent()).toBe('code');
    expect(await message.locator('.spoiler').textContent()).toBe('secret');
    expect(await message.locator('time.timestamp').textContent()).toBe('in 2 hours');
    expect(await message.locator('.mention').textContent()).toBe('@Sam');
    expect(await message.locator('blockquote').textContent()).toContain('quoted');
    expect(await message.locator('li').allTextContents()).toEqual(['one', 'two']);
    const link = message.locator('a', { hasText: 'docs' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await message.locator('a', { hasText: 'trap' }).count()).toBe(0);
    expect(await message.locator('.message-body img').count()).toBe(0);
    expect(await message.textContent()).toContain('<img src=x onerror=alert(1)>');
    await screenshot(page, 'markdown');
    await page.close();
  });

  test('GIVEN a member added in the page who read a lesson THEN /review cards opens the answer modal and grades the card, and /progress shows its picture', async () => {
    const page = await pageAs('Morgan', 'general');
    await page.getByRole('textbox', { name: 'New member name' }).fill('Robin');
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Member', exact: true }).textContent()).toContain('Robin (member)');
    await page.getByRole('combobox', { name: 'Member', exact: true }).selectOption({ label: 'Robin (member)' });

    await runCommand(page, '/lesson', { topic: { type: 'oauth', pick: oauthPick } });
    for (let shown = 1; shown < oauth.sections.length; shown += 1) {
      const current = lastMessage(page, `page ${shown} of ${oauth.sections.length}`);
      await current.getByRole('button', { name: 'Next' }).click();
    }
    await lastMessage(page, `page ${oauth.sections.length} of ${oauth.sections.length}`).waitFor();

    await runCommand(page, '/review cards');
    const card = lastMessage(page, '🧠 Recall');
    await card.getByRole('button', { name: 'Answer' }).click();
    const modal = page.getByRole('dialog');
    await modal.locator('textarea, input').first().fill('client, authorization server, resource server');
    await screenshot(page, 'review-modal');
    await modal.getByRole('button', { name: 'Submit' }).click();
    const check = lastMessage(page, 'Model answer');
    await expect.poll(() => check.textContent()).toContain('client, authorization server, resource server');
    await check.getByRole('button', { name: /^Good · / }).click();
    await expect.poll(() => lastMessage(page, 'Saved: Good').count()).toBe(1);

    // The progress picture is a PNG the bot attaches; the embed shows it from the local CDN.
    await runCommand(page, '/progress member');
    const picture = lastMessage(page, 'Progress: Robin').locator('img.embed-image');
    await expect.poll(() => picture.evaluate((img) => {
      const image = img as unknown as { complete: boolean; naturalWidth: number };
      return image.complete ? image.naturalWidth : 0;
    })).toBeGreaterThan(0);
    await page.close();
  });

  test('GIVEN a plain member THEN /config is not offered, while a moderator sees the settings', async () => {
    const member = await pageAs('Sam', 'general');
    await member.getByRole('textbox', { name: 'Message' }).fill('/config');
    await expect.poll(() => member.locator('.command-popup').textContent()).toContain('No commands match');
    await screenshot(member, 'config-refused');
    await member.close();

    const moderator = await pageAs('Morgan', 'bot-commands');
    await runCommand(moderator, '/config view');
    await expect.poll(() => lastMessage(moderator, 'Tutor settings for this server').count()).toBe(1);
    await moderator.close();
  });

  test('GIVEN a lesson saved while the playground runs THEN the page shows the new title without a restart, and a broken file as a problem', async () => {
    const page = await pageAs('Alex', 'general');
    await page.getByRole('button', { name: 'Lesson preview' }).click();
    const file = path.join(playground.contentDir, 'lessons', 'security', 'oauth-basics.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(oauth.title, 'OAuth, edited while it runs'));
    await expect.poll(() => page.getByRole('combobox', { name: 'Lesson to preview' }).textContent(), { timeout: 15_000 }).toContain('OAuth, edited while it runs');
    await page.getByRole('combobox', { name: 'Lesson to preview' }).selectOption({ label: 'OAuth, edited while it runs (junior)' });
    await expect.poll(() => page.locator('.preview-section[data-section="Pages"] article').count()).toBe(oauth.sections.length);
    expect(await page.locator('.preview-section[data-section="Questions"] article').count()).toBe(oauth.questions.length);
    expect(await page.locator('.preview-section[data-section="Recall cards"] article').count()).toBe(oauth.recall.length);

    await runCommand(page, '/lesson', { topic: { type: 'edited while', pick: /OAuth, edited while it runs/ } });
    await expect.poll(() => lastMessage(page, oauth.sections[0]!.title).textContent()).toContain('OAuth, edited while it runs');

    writeFileSync(file, original.replace(/^level: .*$/m, 'level: wizard'));
    await expect.poll(() => page.locator('.content-problems').textContent(), { timeout: 15_000 }).toMatch(/oauth-basics\.yaml:\d+:\d+/);
    await screenshot(page, 'live-content');
    writeFileSync(file, original);
    await page.close();
  });
});
