import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { answerComponentOf, componentsOf } from '../../src/cli/bench/answer-burst.js';
import { launch, removeWarmCache, type RunningBot } from '../../src/cli/bench/bots.js';
import { capturedPagesFile, type CapturedPages } from '../../src/cli/bench/captured-pages.js';

/**
 * `npm run bench` compares our bot with a bare discord.js bot that sends our own pages. If the
 * bare bot drew anything else, the figures would compare different work; these tests hold it to
 * the bytes of ours.
 */
let bare: RunningBot;
let captured: CapturedPages;

beforeAll(async () => {
  execFileSync(process.execPath, ['deploy/build-if-stale.mjs'], { stdio: 'ignore' });
  // The file the bench hands the bare bot: our bot's pages, read through the local Discord server.
  captured = JSON.parse(readFileSync(await capturedPagesFile(() => launch('ours')), 'utf8')) as CapturedPages;
  bare = await launch('bare');
}, 120_000);

afterAll(async () => {
  await bare?.shutdown();
  removeWarmCache();
});

const labels = (message: { components?: unknown }) => componentsOf(message as APIMessage).map((component) => component.label ?? `type ${component.type}`);
const lesson = (share: boolean) => ({ name: 'lesson', user: 'reader', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }, ...(share ? [{ name: 'share', type: 5, value: true }] : [])] });

describe('the bare bot the bench measures us against', () => {
  test('GIVEN our lesson captured THEN it has every page up to the last, whose Next is disabled', () => {
    expect(captured.pages.length).toBeGreaterThan(2);
    const last = captured.pages.at(-1) as CapturedPages['pages'][number];
    expect(componentsOf(last as APIMessage).find((component) => component.label === 'Next')?.disabled).toBe(true);
    expect(new Set(captured.pages.map((page) => JSON.stringify(page.embeds))).size).toBe(captured.pages.length);
  });

  test('GIVEN a member opens a lesson and turns its pages THEN the bare bot shows our pages, embed for embed, with our buttons', async () => {
    const opened = bare.fake.slash(lesson(false));
    await opened.response();
    let page = opened.message() as APIMessage;
    for (const [index, ourPage] of captured.pages.entries()) {
      expect(page.embeds).toEqual(ourPage.embeds);
      expect(labels(page)).toEqual(labels(ourPage));
      const next = componentsOf(page).find((component) => component.label === 'Next');
      if (index === captured.pages.length - 1) break;
      await bare.fake.button({ customId: next?.custom_id ?? '', message: page, user: 'reader' }).response();
      page = bare.fake.message(page.id) as APIMessage;
    }
  });

  test('GIVEN a shared lesson THEN the bare bot posts our question, and its answer component is acknowledged privately', async () => {
    const posted = bare.fake.slash(lesson(true));
    await posted.response();
    const question = posted.message() as APIMessage;
    expect(question.embeds).toEqual(captured.question.embeds);
    expect(labels(question)).toEqual(labels(captured.question));
    const answer = answerComponentOf(question);
    const handle =
      answer?.type === 3
        ? bare.fake.select({ customId: answer.custom_id ?? '', values: ['0'], message: question, user: 'member' })
        : bare.fake.button({ customId: answer?.custom_id ?? '', message: question, user: 'member' });
    expect(await handle.response()).toMatchObject({ type: 4, data: { content: 'Locked in: A.', flags: 64 } });
  });
});
