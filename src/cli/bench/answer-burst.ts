import Database from 'better-sqlite3';
import type { APIMessage } from 'discord.js';
import type { LocalDiscord } from '../../playground/discord/index.js';
import { median, percentile } from './stats.js';

export interface BurstFigures {
  p50: number;
  p99: number;
  max: number;
  counted: number;
  edits: number;
  spanMs: number;
}

interface AnyComponent {
  type: number;
  custom_id?: string;
  label?: string;
}

const componentsOf = (message: APIMessage | undefined) =>
  ((message?.components ?? []) as { components?: AnyComponent[] }[]).flatMap((row) => row.components ?? []);

async function click(fake: LocalDiscord, user: string, message: APIMessage, label: string) {
  const button = componentsOf(message).find((component) => component.label === label);
  if (!button?.custom_id) throw new Error(`no ${label} button`);
  return fake.button({ customId: button.custom_id, message, user }).response({ timeoutMs: 30_000 });
}

/** Opens a one-question competition whose question is answered with one click (not an order panel). */
async function openQuestion(fake: LocalDiscord): Promise<APIMessage> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const start = fake.slash({
      name: 'quiz',
      user: 'host',
      options: [{ name: 'start', type: 1, options: [{ name: 'topic', type: 3, value: 'oauth-basics' }, { name: 'questions', type: 4, value: 1 }, { name: 'seconds', type: 4, value: 120 }] }],
    });
    await start.response();
    const lobby = start.message() as APIMessage;
    await click(fake, 'host', lobby, 'Join');
    const earlier = new Set(fake.messages().map((message) => message.id));
    await click(fake, 'host', fake.message(lobby.id) as APIMessage, 'Start');
    const question = await fake.waitForMessage((message) => !earlier.has(message.id) && message.embeds[0]?.title === 'Question 1 of 1');
    const answerable = componentsOf(question).some((component) => component.type === 3 || /^[A-E]\. |^True$/.test(component.label ?? ''));
    if (answerable) return question;
    await fake.slash({ name: 'quiz', user: 'host', memberPermissions: String(1n << 5n), options: [{ name: 'stop', type: 1 }] }).response();
  }
  throw new Error('no one-click question drawn in 20 tries');
}

/** `members` distinct members answer the same live question, spread evenly over one second. */
export async function answerBurst(fake: LocalDiscord, databasePath: string, members: number): Promise<BurstFigures> {
  const question = await openQuestion(fake);
  const answer = componentsOf(question).find((component) => component.type === 3 || /^[A-E]\. |^True$/.test(component.label ?? ''));
  if (!answer?.custom_id) throw new Error('no answer component');
  const latencies: number[] = [];
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let index = 0; index < members; index += 1) {
    const due = started + (index * 1000) / members;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    const handle =
      answer.type === 3
        ? fake.select({ customId: answer.custom_id, values: ['0'], message: question, user: `member-${index}` })
        : fake.button({ customId: answer.custom_id, message: question, user: `member-${index}` });
    pending.push(handle.response({ timeoutMs: 30_000 }).then(() => void latencies.push(performance.now() - sent)));
  }
  await Promise.all(pending);
  const spanMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const db = new Database(databasePath, { readonly: true });
  const counted = (db.prepare('SELECT COUNT(*) AS count FROM quiz_answers').get() as { count: number }).count;
  db.close();
  const edits = fake.requests.filter((request) => request.method === 'PATCH' && request.path.endsWith(`/messages/${question.id}`)).length;
  return { p50: median(latencies), p99: percentile(latencies, 0.99), max: Math.max(...latencies), counted, edits, spanMs };
}
