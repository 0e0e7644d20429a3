import Database from 'better-sqlite3';
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

/**
 * The baseline for `npm run bench`: a bare discord.js bot that answers with fixed payloads, no
 * content, no database, no logging. A command gets a page with a Next and an answer button
 * (private unless `share` is set); Next turns the page in place, an answer is acknowledged privately. Our bot's cost is
 * measured against it.
 *
 * With BARE_DURABLE=1 it also commits each answer to SQLite (DATABASE_PATH, WAL, synchronous
 * NORMAL, as ours) before acknowledging it, once per click, keyed by member: the least any bot
 * that keeps the rule "an answer is committed before the reply that confirms it" must do.
 */
const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: process.env.DISCORD_API_URL ?? '' } });
const embed = { title: 'The password problem', description: 'A fixed page.', footer: { text: 'page 1 of 6' } };
const components = [
  {
    type: 1,
    components: [
      { type: 2, style: 1, label: 'Next', custom_id: 'bare:page' },
      { type: 2, style: 2, label: 'A. An answer', custom_id: 'bare:answer' },
    ],
  },
];
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
    void interaction.reply({ embeds: [embed], components, flags: shared ? undefined : MessageFlags.Ephemeral });
  }
  else if (interaction.isButton() && interaction.customId === 'bare:page') void interaction.update({ embeds: [embed], components });
  else if (interaction.isButton()) {
    const first = recordAnswer?.(interaction.user.id) ?? true;
    void interaction.reply({ content: first ? 'Locked in: A.' : 'You already answered.', flags: MessageFlags.Ephemeral });
  }
});
client.once(Events.ClientReady, () => console.log('"msg":"bot ready"'));
process.once('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);
