import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIMessage } from 'discord.js';
import { componentsOf, openQuestion } from './answer-burst.js';
import type { RunningBot } from './bots.js';

/** What a message shows, without its ids: what the bare bot sends to stand in for ours. */
export interface ShownMessage {
  content?: string;
  embeds: unknown[];
  components: unknown[];
}

/** Our bot's own pages of one lesson, in order, and one live question: the bare bot serves these. */
export interface CapturedPages {
  pages: ShownMessage[];
  question: ShownMessage;
}

const shown = (message: APIMessage): ShownMessage => ({ content: message.content, embeds: message.embeds, components: message.components ?? [] });

/**
 * Reads, through the local Discord server, every page of the bench's lesson as our bot draws it
 * (Next until it is disabled) and the question of a one-question competition.
 */
export async function capturePages(running: RunningBot): Promise<CapturedPages> {
  const { fake } = running;
  const opened = fake.slash({ name: 'lesson', user: 'capture', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] });
  await opened.response({ timeoutMs: 30_000 });
  let page = opened.message() as APIMessage;
  const pages = [shown(page)];
  for (let next = componentsOf(page).find((c) => c.label === 'Next'); next?.custom_id && !next.disabled; next = componentsOf(page).find((c) => c.label === 'Next')) {
    await fake.button({ customId: next.custom_id, message: page, user: 'capture' }).response({ timeoutMs: 30_000 });
    page = fake.message(page.id) as APIMessage;
    pages.push(shown(page));
    if (pages.length > 50) throw new Error('the lesson never reached its last page');
  }
  return { pages, question: shown(await openQuestion(fake, 120)) };
}

let capturedFile: string | undefined;

/** Writes the captured pages once per bench run; returns the file the bare bot reads (BARE_PAGES). */
export async function capturedPagesFile(launchOurs: () => Promise<RunningBot>): Promise<string> {
  if (capturedFile) return capturedFile;
  const running = await launchOurs();
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-pages-'));
    const file = path.join(dir, 'pages.json');
    writeFileSync(file, JSON.stringify(await capturePages(running)));
    capturedFile = file;
    return file;
  } finally {
    await running.shutdown();
  }
}

export function removeCapturedPages(): void {
  if (capturedFile) rmSync(path.dirname(capturedFile), { recursive: true, force: true });
  capturedFile = undefined;
}
