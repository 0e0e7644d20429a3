import Database from 'better-sqlite3';
import type { APIMessage } from 'discord.js';
import pg from 'pg';
import type { LocalDiscord } from '../../playground/discord/index.js';
import type { BotName, RunningBot } from './bots.js';
import { median, percentile } from './stats.js';

export interface BurstFigures {
  p50: number;
  p99: number;
  max: number;
  /** Clicks acknowledged later than Discord's three seconds. */
  late: number;
  /** Answers stored (ours) or acknowledged (bare). */
  counted: number;
  /** Edits of the question message while the burst ran and just after. */
  edits: number;
  spanMs: number;
  /** CPU time of the bot process per click, in ms. */
  cpuPerClickMs: number;
  /** Ours: the longest another member's /lesson waited while a moderator stopped the burst's quiz and its results were written. */
  finishDelayMs: number;
}

interface AnyComponent {
  type: number;
  custom_id?: string;
  label?: string;
  disabled?: boolean;
}

/** The answers the bot stored, read from its database (SQLite file or Postgres). */
async function answersStored(running: RunningBot): Promise<number> {
  if (running.databaseUrl) {
    const client = new pg.Client({ connectionString: running.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query<{ count: string }>('SELECT COUNT(*) AS count FROM quiz_answers')).rows[0]?.count ?? 0);
    } finally {
      await client.end();
    }
  }
  const db = new Database(running.databasePath, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS count FROM quiz_answers').get() as { count: number }).count;
  } finally {
    db.close();
  }
}

export const componentsOf = (message: APIMessage | undefined) =>
  ((message?.components ?? []) as { components?: AnyComponent[] }[]).flatMap((row) => row.components ?? []);

/** A component that answers the question in one click: a choice menu, a lettered choice or True. */
export const answerComponentOf = (question: APIMessage) =>
  componentsOf(question).find((component) => component.type === 3 || /^[A-E]\. |^True$/.test(component.label ?? ''));

async function click(fake: LocalDiscord, user: string, message: APIMessage, label: string) {
  const button = componentsOf(message).find((component) => component.label === label);
  if (!button?.custom_id) throw new Error(`no ${label} button on: ${message.content || message.embeds[0]?.title || message.embeds[0]?.description || 'an empty message'}`);
  return fake.button({ customId: button.custom_id, message, user }).response({ timeoutMs: 30_000 });
}

/** Opens a one-question competition whose question is answered with one click (not an order panel). */
export async function openQuestion(fake: LocalDiscord, seconds = 120, hosts = 'host'): Promise<APIMessage> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    // A new host each time: /quiz start has a per-member cooldown.
    const host = `${hosts}-${attempt}`;
    const start = fake.slash({
      name: 'quiz',
      user: host,
      options: [{ name: 'start', type: 1, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }, { name: 'questions', type: 4, value: 1 }, { name: 'seconds', type: 4, value: seconds }] }],
    });
    await start.response();
    const lobby = start.message() as APIMessage;
    if (!componentsOf(lobby).some((component) => component.label === 'Join')) {
      // Refused (the reason is in the reply): say why, and try again as another host.
      console.error(`bench: /quiz start was refused: ${lobby.content || lobby.embeds[0]?.description || 'no reason given'}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    await click(fake, host, lobby, 'Join');
    const earlier = new Set(fake.messages().map((message) => message.id));
    await click(fake, host, fake.message(lobby.id) as APIMessage, 'Start');
    const question = await fake.waitForMessage((message) => !earlier.has(message.id) && message.embeds[0]?.title === 'Question 1 of 1');
    if (answerComponentOf(question)) return question;
    await fake.slash({ name: 'quiz', user: host, memberPermissions: String(1n << 5n), options: [{ name: 'stop', type: 1 }] }).response();
  }
  throw new Error('no one-click question drawn in 20 tries');
}

/** The bare bot's question: a shared /lesson posts it (our captured question, or its small fixed page). */
async function openBarePage(fake: LocalDiscord): Promise<APIMessage> {
  const handle = fake.slash({ name: 'lesson', user: 'host', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }, { name: 'share', type: 5, value: true }] });
  await handle.response({ timeoutMs: 30_000 });
  return handle.message() as APIMessage;
}

/**
 * A bot in service has long since compiled and warmed what a click runs (V8 takes a few thousand
 * interactions to settle; the first thousand cost about twice the later ones, for every bot): so
 * before its burst, each bot serves `count` answers to a question of its own, 32 in flight, and
 * ours then has that quiz stopped by a moderator, and its final standings posted, so the burst's
 * quiz may start in the channel.
 */
export async function warmUpForBurst(running: RunningBot, bot: BotName, count: number): Promise<void> {
  const { fake } = running;
  const question = bot === 'ours' ? await openQuestion(fake, 600, 'warm-up-host') : await openBarePage(fake);
  const answer = answerComponentOf(question);
  if (!answer?.custom_id) throw new Error('no answer component to warm up on');
  const customId = answer.custom_id;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const user = `warm-up-${next++}`;
      const handle = answer.type === 3 ? fake.select({ customId, values: ['0'], message: question, user }) : fake.button({ customId, message: question, user });
      await handle.response({ timeoutMs: 30_000 });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  if (bot === 'ours') {
    // Its results are written before the burst starts: they are the warm-up's work, not the burst's.
    const earlier = new Set(fake.messages().map((message) => message.id));
    await fake.slash({ name: 'quiz', user: 'warm-up-moderator', memberPermissions: String(1n << 5n), options: [{ name: 'stop', type: 1 }] }).response();
    await fake.waitForMessage((message) => !earlier.has(message.id) && message.embeds[0]?.title === '🏁 Final standings', 30_000);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A moderator stops the running quiz while other members keep opening lessons, one at a time:
 * the longest of those waits is how long the quiz's end (its scores, roll-ups and review decks)
 * held the bot up for everyone else.
 */
async function delayWhileFinishing(fake: LocalDiscord): Promise<number> {
  const waits: number[] = [];
  let probing = true;
  const probes = (async () => {
    for (let index = 0; probing; index += 1) {
      const sent = performance.now();
      await fake.slash({ name: 'lesson', user: `bystander-${index}`, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] }).response({ timeoutMs: 30_000 });
      waits.push(performance.now() - sent);
      await pause(5);
    }
  })();
  await pause(200);
  const earlier = new Set(fake.messages().map((message) => message.id));
  await fake.slash({ name: 'quiz', user: 'burst-moderator', memberPermissions: String(1n << 5n), options: [{ name: 'stop', type: 1 }] }).response();
  await fake.waitForMessage((message) => !earlier.has(message.id) && message.embeds[0]?.title === '🏁 Final standings', 30_000);
  await pause(300);
  probing = false;
  await probes;
  return Math.max(...waits);
}

/** How long after their first click a member clicks again: 50 to 500 ms, spread evenly over the members. */
const secondClickAfterMs = (index: number) => 50 + ((index * 37) % 451);

/**
 * `members` distinct members answer the same live question, their first clicks spread evenly
 * over one second, and each clicks a second time 50–500 ms later (an impatient double click):
 * every answer must be counted once, and both clicks are acknowledged.
 */
export async function answerBurst(running: RunningBot, bot: BotName, members: number): Promise<BurstFigures> {
  const { fake } = running;
  const question = bot === 'ours' ? await openQuestion(fake) : await openBarePage(fake);
  const answer = answerComponentOf(question);
  if (!answer?.custom_id) throw new Error('no answer component');
  const customId = answer.custom_id;
  const counts = bot === 'ours' || bot === 'bare+sqlite';
  // Answers from before (the warm-up's) are not the burst's.
  const storedBefore = counts ? await answersStored(running) : 0;
  const latencies: number[] = [];
  const cpuBefore = running.cpuMs();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  const clickAs = (index: number) => {
    const sent = performance.now();
    const user = `member-${index}`;
    const handle = answer.type === 3 ? fake.select({ customId, values: ['0'], message: question, user }) : fake.button({ customId, message: question, user });
    pending.push(handle.response({ timeoutMs: 30_000 }).then(() => void latencies.push(performance.now() - sent)));
  };
  const clicks = Array.from({ length: members }, (_, index) => [
    { due: (index * 1000) / members, index },
    { due: (index * 1000) / members + secondClickAfterMs(index), index },
  ]).flat().sort((a, b) => a.due - b.due);
  for (const click of clicks) {
    const wait = started + click.due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    clickAs(click.index);
  }
  await Promise.all(pending);
  const spanMs = performance.now() - started;
  // The last "answered" edit comes up to two seconds after the last click.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const cpuPerClickMs = (running.cpuMs() - cpuBefore) / clicks.length;
  let counted = latencies.length;
  if (counts) counted = (await answersStored(running)) - storedBefore;
  const edits = fake.requests.filter((request) => request.method === 'PATCH' && request.path.endsWith(`/messages/${question.id}`)).length;
  const finishDelayMs = bot === 'ours' ? await delayWhileFinishing(fake) : Number.NaN;
  return {
    finishDelayMs,
    p50: median(latencies),
    p99: percentile(latencies, 0.99),
    max: Math.max(...latencies),
    late: latencies.filter((latency) => latency > 3_000).length,
    counted,
    edits,
    spanMs,
    cpuPerClickMs,
  };
}
