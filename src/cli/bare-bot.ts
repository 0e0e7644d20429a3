import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Client, Events, GatewayIntentBits, MessageFlags, type APIEmbed, type InteractionReplyOptions, type InteractionUpdateOptions } from 'discord.js';

/**
 * The baseline for `npm run bench`: a bare discord.js bot that answers with fixed payloads, no
 * content, no database, no logging. A command gets a page (private unless `share` is set); Next
 * and Previous turn it in place; an answer button is acknowledged privately. Our bot's cost is
 * measured against it.
 *
 * With BARE_PAGES (a file of our bot's own pages of one lesson and one question, captured by the
 * bench) it sends exactly those bytes, so that the comparison is of the work around a page, not of
 * the page's size: a private /lesson gets the first page, a shared one the question. Without it,
 * every page is one small fixed embed with a Next and an answer button.
 *
 * With BARE_DURABLE=1 it also commits each answer to SQLite (DATABASE_PATH, WAL, synchronous
 * NORMAL, as ours) before acknowledging it, once per click, keyed by member: the least any bot
 * that keeps the rule "an answer is committed before the reply that confirms it" must do.
 */
interface Shown {
  content?: string;
  embeds: APIEmbed[];
  components: { type: number; components?: { type: number; style?: number; label?: string; custom_id?: string }[] }[];
}

/** The captured JSON, as discord.js takes it (components as raw API objects). */
const sendable = (shown: Shown) => shown as InteractionReplyOptions & InteractionUpdateOptions;

const fixedPage: Shown = {
  embeds: [{ title: 'The password problem', description: 'A fixed page.', footer: { text: 'page 1 of 6' } }],
  components: [
    {
      type: 1,
      components: [
        { type: 2, style: 1, label: 'Next', custom_id: 'bare:page:0' },
        { type: 2, style: 2, label: 'A. An answer', custom_id: 'bare:answer' },
      ],
    },
  ],
};

/** Points each captured component at the bare bot: Next and Previous at the page they lead to, a lettered choice at an answer. */
type ShownComponent = NonNullable<Shown['components'][number]['components']>[number];

function rewired(message: Shown, target: (component: ShownComponent) => string | undefined): Shown {
  const taken = new Set<string>();
  const components = message.components.map((row) => ({
    ...row,
    components: row.components?.map((component) => {
      const wanted = target(component);
      const customId = wanted && !taken.has(wanted) ? wanted : `bare:other:${taken.size}`;
      taken.add(customId);
      return { ...component, custom_id: customId };
    }),
  }));
  return { ...message, components };
}

/** As the bench picks it: a choice menu, a lettered choice or True. */
const answers = (component: ShownComponent) => component.type === 3 || /^[A-E]\. |^True$/.test(component.label ?? '');

function script(file: string | undefined): { pages: Shown[]; question: Shown } {
  if (!file) return { pages: [fixedPage], question: fixedPage };
  const captured = JSON.parse(readFileSync(file, 'utf8')) as { pages: Shown[]; question: Shown };
  const pages = captured.pages.map((page, index) =>
    rewired(page, ({ label }) => (label === 'Next' ? `bare:page:${index + 1}` : label === 'Previous' ? `bare:page:${index - 1}` : undefined)),
  );
  return { pages, question: rewired(captured.question, (component) => (answers(component) ? 'bare:answer' : undefined)) };
}

const { pages, question } = script(process.env.BARE_PAGES);
const pageAt = (index: number) => pages[Math.min(Math.max(index, 0), pages.length - 1)] as Shown;

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL ?? '' } });
const recordAnswer = process.env.BARE_DURABLE === '1' ? answerLedger(process.env.DATABASE_PATH ?? '') : undefined;

function answerLedger(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS quiz_answers (user_id TEXT PRIMARY KEY, answered_at INTEGER NOT NULL)');
  const insert = db.prepare<[string, number]>('INSERT INTO quiz_answers (user_id, answered_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  return (userId: string) => insert.run(userId, Date.now()).changes === 1;
}

client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand()) {
    const shared = interaction.options.getBoolean('share') ?? false;
    void interaction.reply(shared ? sendable(question) : { ...sendable(pageAt(0)), flags: MessageFlags.Ephemeral });
  } else if (interaction.isMessageComponent() && interaction.customId.startsWith('bare:page:')) {
    void interaction.update(sendable(pageAt(Number(interaction.customId.slice('bare:page:'.length)))));
  } else if (interaction.isMessageComponent() && interaction.customId === 'bare:answer') {
    const first = recordAnswer?.(interaction.user.id) ?? true;
    void interaction.reply({ content: first ? 'Locked in: A.' : 'You already answered.', flags: MessageFlags.Ephemeral });
  } else if (interaction.isMessageComponent()) {
    void interaction.deferUpdate();
  }
});
client.once(Events.ClientReady, () => console.log('"msg":"bot ready"'));
process.once('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);
